# expect: COMPILE_ERROR
import torch
import triton  # noqa: F401
import triton.language as tl  # noqa: F401


def solve(a: torch.Tensor, b: torch.Tensor, *, out: torch.Tensor) -> None:
    # Correct numbers, but no kernel: the library does all the work. The Triton variant
    # forbids torch.matmul (and @, mm, einsum, F.linear, addmm ...) for exactly this.
    torch.matmul(a, b, out=out)
