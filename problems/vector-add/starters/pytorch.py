import torch


def solve(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Return a new tensor with a[i] + b[i] for every i.

    a, b: float32 tensors of shape (N,) on the same device.
    Do not modify a or b.
    """
    raise NotImplementedError("write your solution here")
