# expect: COMPILE_ERROR
import torch
import torch.nn.functional as F


def solve(x: torch.Tensor, dim: int) -> torch.Tensor:
    # The built-in is exactly what the problem asks you to write.
    return F.softmax(x, dim=dim)
