import torch


def solve(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """The + operator allocates a new tensor and leaves a and b untouched."""
    return a + b
