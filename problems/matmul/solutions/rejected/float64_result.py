# expect: WRONG_ANSWER
import torch


def solve(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Accurate, but returns float64: the contract is a float32 result."""
    return a.double() @ b.double()
