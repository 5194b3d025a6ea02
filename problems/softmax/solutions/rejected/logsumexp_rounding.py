# expect: WRONG_ANSWER
import torch


def solve(x: torch.Tensor, dim: int) -> torch.Tensor:
    # Stable (no overflow), but logsumexp near 1e4 is rounded to a float32
    # step of about 1e-3, and exp() turns that into a relative error of
    # about 1e-3 in every probability when the values lie close together.
    return torch.exp(x - torch.logsumexp(x, dim=dim, keepdim=True))
