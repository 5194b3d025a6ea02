import torch
import triton
import triton.language as tl


@triton.jit
def layernorm_kernel(x_ptr, gamma_ptr, beta_ptr, out_ptr, n_cols, eps, BLOCK_SIZE: tl.constexpr):
    # One program per row: load the row (mask the lanes past n_cols), compute
    # its mean and biased variance, normalise, apply gamma and beta, store.
    pass


def solve(
    x: torch.Tensor,
    gamma: torch.Tensor,
    beta: torch.Tensor,
    eps: float = 1e-5,
    *,
    out: torch.Tensor,
) -> None:
    """Write LayerNorm(x) over the last dimension into ``out`` (shaped like x).

    Hint: view x and out as (rows, C) and launch one program per row.
    """
    raise NotImplementedError("launch layernorm_kernel here")
