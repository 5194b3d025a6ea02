import torch
import triton
import triton.language as tl


@triton.jit
def row_loss_kernel(logits_ptr, targets_ptr, losses_ptr, n_cols, row_stride, BLOCK: tl.constexpr):
    # One program per row: walk the row in blocks of BLOCK columns, keeping a
    # running maximum m and a running sum of exp(x - m) (mask the lanes past
    # n_cols), then loss = log(sum) - (x[target] - m).
    pass


def solve(logits: torch.Tensor, targets: torch.Tensor, *, out: torch.Tensor) -> None:
    """Write the mean cross-entropy over the N rows into the 0-dim float32 ``out``.

    logits: (N, C) float32, targets: (N,) int64. ``out`` arrives filled with NaN.
    """
    raise NotImplementedError("launch your kernel(s) here")
