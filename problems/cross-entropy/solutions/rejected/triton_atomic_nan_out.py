# expect: WRONG_ANSWER language=triton
import torch
import triton
import triton.language as tl


@triton.jit
def loss_kernel(logits_ptr, targets_ptr, out_ptr, n_rows, n_cols, row_stride, BLOCK: tl.constexpr):
    """One program per row; each adds its loss / n_rows into the single output."""
    row = tl.program_id(0)
    base = logits_ptr + row.to(tl.int64) * row_stride
    cols = tl.arange(0, BLOCK)
    x = tl.load(base + cols, mask=cols < n_cols, other=float("-inf"))
    m = tl.max(x, axis=0)
    s = tl.sum(tl.exp(x - m), axis=0)
    x_t = tl.load(base + tl.load(targets_ptr + row))
    tl.atomic_add(out_ptr, (tl.log(s) - (x_t - m)) / n_rows)


def solve(logits: torch.Tensor, targets: torch.Tensor, *, out: torch.Tensor) -> None:
    n_rows, n_cols = logits.shape
    # Accumulates into `out` without zeroing it first: out arrives filled with
    # NaN, and NaN + anything is NaN.
    loss_kernel[(n_rows,)](
        logits, targets, out, n_rows, n_cols, logits.stride(0), BLOCK=triton.next_power_of_2(n_cols)
    )
