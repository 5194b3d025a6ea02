# expect: RUNTIME_ERROR
import torch


def solve(y: torch.Tensor, grad_y: torch.Tensor, dim: int = -1) -> torch.Tensor:
    # Without keepdim=True the (rows,) sums line up with the columns of a
    # (rows, cols) tensor: the subtraction does not broadcast.
    dot = (grad_y * y).sum(dim=dim)
    return y * (grad_y - dot)
