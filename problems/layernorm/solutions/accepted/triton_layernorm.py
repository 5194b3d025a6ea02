import torch
import triton
import triton.language as tl


@triton.jit
def layernorm_kernel(x_ptr, gamma_ptr, beta_ptr, out_ptr, n_cols, eps, BLOCK_SIZE: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK_SIZE)
    mask = cols < n_cols
    x = tl.load(x_ptr + row * n_cols + cols, mask=mask, other=0.0)
    mean = tl.sum(x, axis=0) / n_cols
    # Zero the padding lanes so they do not add (0 - mean)^2 to the variance.
    centered = tl.where(mask, x - mean, 0.0)
    var = tl.sum(centered * centered, axis=0) / n_cols
    rstd = 1.0 / tl.sqrt(var + eps)
    gamma = tl.load(gamma_ptr + cols, mask=mask)
    beta = tl.load(beta_ptr + cols, mask=mask)
    tl.store(out_ptr + row * n_cols + cols, centered * rstd * gamma + beta, mask=mask)


def solve(
    x: torch.Tensor,
    gamma: torch.Tensor,
    beta: torch.Tensor,
    eps: float = 1e-5,
    *,
    out: torch.Tensor,
) -> None:
    n_cols = x.shape[-1]
    rows = x.reshape(-1, n_cols).contiguous()
    result = out.view(-1, n_cols)  # out is contiguous: a view writes through
    block = triton.next_power_of_2(n_cols)
    layernorm_kernel[(rows.shape[0],)](rows, gamma, beta, result, n_cols, eps, BLOCK_SIZE=block)
