# expect: TOO_SLOW
import torch


def solve(x: torch.Tensor, weight: torch.Tensor, eps: float = 1e-6) -> torch.Tensor:
    # Correct, but one row at a time from Python.
    rows = x.reshape(-1, x.shape[-1])
    out = torch.empty_like(rows)
    for i in range(rows.shape[0]):
        r = rows[i]
        out[i] = r / torch.sqrt((r * r).mean() + eps) * weight
    return out.reshape(x.shape)
