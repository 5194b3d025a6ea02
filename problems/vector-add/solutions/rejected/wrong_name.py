# expect: COMPILE_ERROR
import torch


def vector_add(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    # Correct body, but the judge looks for a function named `solve`.
    return a + b
