# expect: COMPILE_ERROR language=triton
import torch
import torch.nn.functional as F


def solve(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, *, out: torch.Tensor) -> torch.Tensor:
    """Skips the kernel and copies the forbidden fused attention into out."""
    out.copy_(F.scaled_dot_product_attention(q, k, v, is_causal=True))
    return out
