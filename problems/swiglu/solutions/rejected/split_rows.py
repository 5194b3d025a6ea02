# expect: WRONG_ANSWER
import torch


def solve(x: torch.Tensor) -> torch.Tensor:
    """Splits the first dimension (rows) in half, as for a 1-D input, instead of the columns."""
    n = x.shape[0]
    x1, x2 = x[: n // 2], x[n // 2 :]
    s1 = x1 * torch.sigmoid(x1)
    return s1 * x2
