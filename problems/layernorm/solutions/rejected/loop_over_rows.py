# expect: TOO_SLOW
import torch


def solve(x: torch.Tensor, gamma: torch.Tensor, beta: torch.Tensor, eps: float = 1e-5) -> torch.Tensor:
    # Correct, but normalises one row at a time from Python.
    rows = x.reshape(-1, x.shape[-1])
    out = torch.empty_like(rows)
    for i in range(rows.shape[0]):
        r = rows[i]
        mean = r.mean()
        var = ((r - mean) ** 2).mean()
        out[i] = (r - mean) / torch.sqrt(var + eps) * gamma + beta
    return out.reshape(x.shape)
