# expect: WRONG_ANSWER
import math

import torch


def solve(x, memory, wq, wk, wv, wo, n_heads):
    """Scales the scores by 1/sqrt(C), the full width, instead of 1/sqrt(head size)."""
    B, Tq, C = x.shape
    Tk = memory.shape[1]
    if C % n_heads:
        raise ValueError("n_heads must divide C")
    hs = C // n_heads
    q = (x @ wq).view(B, Tq, n_heads, hs).transpose(1, 2)
    k = (memory @ wk).view(B, Tk, n_heads, hs).transpose(1, 2)
    v = (memory @ wv).view(B, Tk, n_heads, hs).transpose(1, 2)
    w = torch.softmax(q @ k.transpose(-2, -1) / math.sqrt(C), dim=-1)
    return (w @ v).transpose(1, 2).reshape(B, Tq, C) @ wo
