# expect: WRONG_ANSWER language=triton
import torch
import triton
import triton.language as tl


@triton.jit
def add_kernel(a_ptr, b_ptr, out_ptr, n, BLOCK_SIZE: tl.constexpr):
    pid = tl.program_id(0)
    offsets = pid * BLOCK_SIZE + tl.arange(0, BLOCK_SIZE)
    mask = offsets < n
    a = tl.load(a_ptr + offsets, mask=mask)
    b = tl.load(b_ptr + offsets, mask=mask)
    tl.store(out_ptr + offsets, a + b, mask=mask)


def solve(a: torch.Tensor, b: torch.Tensor, *, out: torch.Tensor) -> None:
    n = a.numel()
    block = 256
    # Floor division launches too few blocks when n is not a multiple of
    # the block size: the last n % 256 elements of `out` are never written.
    grid = (n // block,)
    add_kernel[grid](a, b, out, n, BLOCK_SIZE=block)
