# expect: COMPILE_ERROR
import torch
import torch.nn.functional as F


def solve(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
    """Calls the built-in fused attention, which this problem forbids."""
    return F.scaled_dot_product_attention(q, k, v, is_causal=True)
