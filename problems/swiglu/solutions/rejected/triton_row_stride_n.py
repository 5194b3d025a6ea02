# expect: WRONG_ANSWER language=triton
import torch
import triton
import triton.language as tl


@triton.jit
def swiglu_kernel(x_ptr, out_ptr, n_half, BLOCK_SIZE: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.program_id(1) * BLOCK_SIZE + tl.arange(0, BLOCK_SIZE)
    mask = cols < n_half
    # Steps N values per input row, but each row of x holds 2N: from row 1 on it
    # reads the wrong elements.
    a = tl.load(x_ptr + row * n_half + cols, mask=mask, other=0.0)
    b = tl.load(x_ptr + row * n_half + n_half + cols, mask=mask, other=0.0)
    tl.store(out_ptr + row * n_half + cols, a * tl.sigmoid(a) * b, mask=mask)


def solve(x: torch.Tensor, *, out: torch.Tensor) -> None:
    m, two_n = x.shape
    n = two_n // 2
    block = min(1024, triton.next_power_of_2(n))
    swiglu_kernel[(m, triton.cdiv(n, block))](x, out, n, BLOCK_SIZE=block)
