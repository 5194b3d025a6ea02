# expect: RUNTIME_ERROR
import torch


def solve(x: torch.Tensor, dim: int) -> torch.Tensor:
    # torch.max with a dim returns a (values, indices) pair, not a tensor:
    # the subtraction below raises a TypeError.
    m = torch.max(x, dim=dim, keepdim=True)
    e = torch.exp(x - m)
    return e / e.sum(dim=dim, keepdim=True)
