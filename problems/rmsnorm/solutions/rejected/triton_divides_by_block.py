# expect: WRONG_ANSWER language=triton
import torch
import triton
import triton.language as tl


@triton.jit
def rmsnorm_kernel(x_ptr, w_ptr, out_ptr, n_cols, eps, BLOCK_SIZE: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK_SIZE)
    mask = cols < n_cols
    x = tl.load(x_ptr + row * n_cols + cols, mask=mask, other=0.0)
    # tl.sum over the block and divide by the block: the padding lanes are
    # counted, so rows whose length is not a power of two get too small an RMS.
    ms = tl.sum(x * x, axis=0) / BLOCK_SIZE
    rstd = 1.0 / tl.sqrt(ms + eps)
    w = tl.load(w_ptr + cols, mask=mask, other=0.0)
    tl.store(out_ptr + row * n_cols + cols, x * rstd * w, mask=mask)


def solve(x: torch.Tensor, weight: torch.Tensor, eps: float = 1e-6, *, out: torch.Tensor) -> None:
    n_cols = x.shape[-1]
    rows = x.reshape(-1, n_cols).contiguous()
    block = triton.next_power_of_2(n_cols)
    rmsnorm_kernel[(rows.shape[0],)](rows, weight, out.view(-1, n_cols), n_cols, eps, BLOCK_SIZE=block)
