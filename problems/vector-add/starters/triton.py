import torch
import triton
import triton.language as tl


@triton.jit
def add_kernel(a_ptr, b_ptr, out_ptr, n, BLOCK_SIZE: tl.constexpr):
    # Each program instance handles one block of BLOCK_SIZE elements:
    # compute its offsets from tl.program_id(0), mask off the ones >= n,
    # load from a_ptr and b_ptr, add, and store to out_ptr.
    pass


def solve(a: torch.Tensor, b: torch.Tensor, *, out: torch.Tensor) -> None:
    """Write a[i] + b[i] into the pre-allocated ``out`` (same shape as a).

    Launch add_kernel over enough blocks to cover all N elements.
    """
    raise NotImplementedError("launch add_kernel here")
