import torch
import triton
import triton.language as tl


@triton.jit
def softmax_kernel(x_ptr, out_ptr, n_cols, x_row_stride, out_row_stride, BLOCK_SIZE: tl.constexpr):
    # One program per row: load the row (mask the lanes past n_cols),
    # subtract the row maximum, exponentiate, divide by the sum, store.
    pass


def solve(x: torch.Tensor, dim: int, *, out: torch.Tensor) -> None:
    """Write softmax(x) over the last dimension of the 2-D ``x`` into ``out``.

    In the Triton variant x is (rows, cols) and dim is always -1.
    """
    raise NotImplementedError("launch softmax_kernel here")
