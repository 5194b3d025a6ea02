# expect: WRONG_ANSWER
import torch


def solve(y: torch.Tensor, grad_y: torch.Tensor, dim: int = -1) -> torch.Tensor:
    # Always reduces over the last dimension, whatever `dim` says.
    dot = (grad_y * y).sum(dim=-1, keepdim=True)
    return y * (grad_y - dot)
