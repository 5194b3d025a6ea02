# expect: TOO_SLOW
import torch


def solve(x: torch.Tensor, gamma: torch.Tensor, beta: torch.Tensor, eps: float = 1e-5) -> torch.Tensor:
    # Correct, but one channel at a time from Python: with a thousand channels
    # of a few hundred values each, the per-operation overhead dominates.
    out = torch.empty_like(x)
    for c in range(x.shape[1]):
        xc = x[:, c]
        mean = xc.mean()
        var = ((xc - mean) ** 2).mean()
        out[:, c] = gamma[c] * (xc - mean) / torch.sqrt(var + eps) + beta[c]
    return out
