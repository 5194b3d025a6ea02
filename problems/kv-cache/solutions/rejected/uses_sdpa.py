# expect: COMPILE_ERROR
import torch
import torch.nn.functional as F


def solve(q_t: torch.Tensor, k_t: torch.Tensor, v_t: torch.Tensor, cache):
    """Grows the cache correctly but hands the attention to the forbidden fused built-in."""
    keys = k_t if cache is None else torch.cat([cache[0], k_t], dim=2)
    values = v_t if cache is None else torch.cat([cache[1], v_t], dim=2)
    return F.scaled_dot_product_attention(q_t, keys, values), (keys, values)
