# expect: WRONG_ANSWER
import torch


def solve(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Multiplies in bfloat16 "for speed": 8 bits of mantissa leave errors of about 1e-2."""
    return (a.bfloat16() @ b.bfloat16()).float()
