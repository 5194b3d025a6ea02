# expect: COMPILE_ERROR
import torch
import torch.nn.functional as F


def solve(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, causal: bool) -> torch.Tensor:
    """PyTorch's fused attention already runs a flash kernel; this problem forbids it."""
    return F.scaled_dot_product_attention(q, k, v, is_causal=causal)
