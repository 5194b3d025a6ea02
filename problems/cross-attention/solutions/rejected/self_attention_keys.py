# expect: WRONG_ANSWER
import math

import torch


def solve(x, memory, wq, wk, wv, wo, n_heads):
    """Takes keys and values from x instead of memory: that is self-attention."""
    B, Tq, C = x.shape
    if C % n_heads:
        raise ValueError("n_heads must divide C")
    hs = C // n_heads
    q = (x @ wq).view(B, Tq, n_heads, hs).transpose(1, 2)
    k = (x @ wk).view(B, Tq, n_heads, hs).transpose(1, 2)
    v = (x @ wv).view(B, Tq, n_heads, hs).transpose(1, 2)
    w = torch.softmax(q @ k.transpose(-2, -1) / math.sqrt(hs), dim=-1)
    return (w @ v).transpose(1, 2).reshape(B, Tq, C) @ wo
