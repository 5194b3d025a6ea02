# expect: COMPILE_ERROR
import torch
import triton  # noqa: F401
import triton.language as tl  # noqa: F401


def solve(a: torch.Tensor, b: torch.Tensor, *, out: torch.Tensor) -> None:
    # The method spelling of torch.mm is forbidden in the Triton variant too.
    out.copy_(a.mm(b))
