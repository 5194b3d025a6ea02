# expect: WRONG_ANSWER
import math

import torch


def solve(x, memory, wq, wk, wv, wo, n_heads):
    """No check that n_heads divides C: view() then fails with torch's RuntimeError, not ValueError."""
    B, Tq, C = x.shape
    Tk = memory.shape[1]
    hs = C // n_heads
    q = (x @ wq).view(B, Tq, n_heads, hs).transpose(1, 2)
    k = (memory @ wk).view(B, Tk, n_heads, hs).transpose(1, 2)
    v = (memory @ wv).view(B, Tk, n_heads, hs).transpose(1, 2)
    w = torch.softmax(q @ k.transpose(-2, -1) / math.sqrt(hs), dim=-1)
    return (w @ v).transpose(1, 2).reshape(B, Tq, C) @ wo
