# expect: COMPILE_ERROR
import torch
import torch.nn.functional as F


def solve(x, memory, wq, wk, wv, wo, n_heads):
    """Hands the attention itself to the fused built-in, which this problem forbids."""
    B, Tq, C = x.shape
    Tk = memory.shape[1]
    if C % n_heads:
        raise ValueError("n_heads must divide C")
    hs = C // n_heads
    q = (x @ wq).view(B, Tq, n_heads, hs).transpose(1, 2)
    k = (memory @ wk).view(B, Tk, n_heads, hs).transpose(1, 2)
    v = (memory @ wv).view(B, Tk, n_heads, hs).transpose(1, 2)
    out = F.scaled_dot_product_attention(q, k, v)
    return out.transpose(1, 2).reshape(B, Tq, C) @ wo
