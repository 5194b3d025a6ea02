# expect: WRONG_ANSWER
import torch


def solve(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    # Looks right and is fast, but it overwrites the caller's `a`.
    a += b
    return a
