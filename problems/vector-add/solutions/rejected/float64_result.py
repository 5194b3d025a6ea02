# expect: WRONG_ANSWER
import torch


def solve(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    # "More precision is better" -- but the result must stay float32.
    return a.double() + b.double()
