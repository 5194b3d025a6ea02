# expect: WRONG_ANSWER
import math

import torch


def solve(x, memory, wq, wk, wv, wo, n_heads):
    """Normalises each key's column over the queries (dim=-2) instead of each query's row."""
    B, Tq, C = x.shape
    Tk = memory.shape[1]
    if C % n_heads:
        raise ValueError("n_heads must divide C")
    hs = C // n_heads
    q = (x @ wq).view(B, Tq, n_heads, hs).transpose(1, 2)
    k = (memory @ wk).view(B, Tk, n_heads, hs).transpose(1, 2)
    v = (memory @ wv).view(B, Tk, n_heads, hs).transpose(1, 2)
    w = torch.softmax(q @ k.transpose(-2, -1) / math.sqrt(hs), dim=-2)
    return (w @ v).transpose(1, 2).reshape(B, Tq, C) @ wo
