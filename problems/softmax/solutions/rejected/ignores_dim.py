# expect: WRONG_ANSWER
import torch


def solve(x: torch.Tensor, dim: int) -> torch.Tensor:
    # Always normalises the last dimension, whatever `dim` says.
    shifted = x - x.amax(dim=-1, keepdim=True)
    e = torch.exp(shifted)
    return e / e.sum(dim=-1, keepdim=True)
