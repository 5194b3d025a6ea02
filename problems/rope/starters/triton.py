import torch
import triton
import triton.language as tl


@triton.jit
def rope_kernel(x_ptr, cos_ptr, sin_ptr, out_ptr, seq_len, half, BLOCK: tl.constexpr):
    """One program per row (b, h, p) of the flattened (B*H*T, D) input.

    Load the two halves x[i] and x[i + half] for i < half (mask i >= half), the cos and
    sin of row p of the (T, half) tables, and store the rotated pair.
    """


def solve(x: torch.Tensor, base: float, *, out: torch.Tensor) -> None:
    """x: (B, H, T, D) float32, contiguous; write RoPE(x) into out. Odd D -> ValueError."""
    raise NotImplementedError("check D, build the (T, D/2) cos/sin tables, launch rope_kernel")
