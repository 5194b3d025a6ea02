# expect: WRONG_ANSWER
import torch


def solve(x: torch.Tensor, dim: int) -> torch.Tensor:
    # Textbook formula without the max shift: exp(1e4) overflows to inf
    # and inf / inf gives NaN.
    e = torch.exp(x)
    return e / e.sum(dim=dim, keepdim=True)
