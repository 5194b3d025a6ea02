import torch


def solve(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """torch.add with a pre-allocated result: same work as a + b."""
    result = torch.empty_like(a)
    torch.add(a, b, out=result)
    return result
