import torch
import triton
import triton.language as tl


@triton.jit
def rmsnorm_kernel(x_ptr, w_ptr, out_ptr, n_cols, eps, BLOCK_SIZE: tl.constexpr):
    # One program per row: load the row (mask the lanes past n_cols), take the
    # mean of the squares over the n_cols real values, compute 1 / sqrt(ms + eps),
    # multiply by x and by the weight, store.
    pass


def solve(x: torch.Tensor, weight: torch.Tensor, eps: float = 1e-6, *, out: torch.Tensor) -> None:
    """Write RMSNorm(x) over the last dimension into ``out`` (contiguous, shaped like x).

    Hint: view x and out as (rows, C) and launch one program per row.
    """
    raise NotImplementedError("launch rmsnorm_kernel here")
