# expect: TOO_SLOW
import torch


def solve(x: torch.Tensor, gamma: torch.Tensor, beta: torch.Tensor, eps: float = 1e-5) -> torch.Tensor:
    # Correct, but normalises one feature column at a time from Python:
    # thousands of tiny operations instead of a few passes over the matrix.
    out = torch.empty_like(x)
    for c in range(x.shape[1]):
        col = x[:, c]
        mean = col.mean()
        var = ((col - mean) ** 2).mean()
        out[:, c] = gamma[c] * (col - mean) / torch.sqrt(var + eps) + beta[c]
    return out
