# expect: WRONG_ANSWER
import math

import torch
import torch.nn.functional as F


def solve(x, memory, wq, wk, wv, wo, n_heads):
    """Treats the weights as nn.Linear's (out, in) layout: F.linear computes x @ w.T, not x @ w."""
    B, Tq, C = x.shape
    Tk = memory.shape[1]
    if C % n_heads:
        raise ValueError("n_heads must divide C")
    hs = C // n_heads
    q = F.linear(x, wq).view(B, Tq, n_heads, hs).transpose(1, 2)
    k = F.linear(memory, wk).view(B, Tk, n_heads, hs).transpose(1, 2)
    v = F.linear(memory, wv).view(B, Tk, n_heads, hs).transpose(1, 2)
    w = torch.softmax(q @ k.transpose(-2, -1) / math.sqrt(hs), dim=-1)
    return F.linear((w @ v).transpose(1, 2).reshape(B, Tq, C), wo)
