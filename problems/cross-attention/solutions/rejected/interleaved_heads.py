# expect: WRONG_ANSWER
import math

import torch


def solve(x, memory, wq, wk, wv, wo, n_heads):
    """Splits the channels as (hs, H) instead of (H, hs): head h gets every H-th channel."""
    B, Tq, C = x.shape
    Tk = memory.shape[1]
    if C % n_heads:
        raise ValueError("n_heads must divide C")
    hs = C // n_heads
    q = (x @ wq).view(B, Tq, hs, n_heads).permute(0, 3, 1, 2)
    k = (memory @ wk).view(B, Tk, hs, n_heads).permute(0, 3, 1, 2)
    v = (memory @ wv).view(B, Tk, hs, n_heads).permute(0, 3, 1, 2)
    w = torch.softmax(q @ k.transpose(-2, -1) / math.sqrt(hs), dim=-1)
    return (w @ v).permute(0, 2, 3, 1).reshape(B, Tq, C) @ wo
