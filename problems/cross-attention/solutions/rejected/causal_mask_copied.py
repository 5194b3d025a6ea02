# expect: WRONG_ANSWER
import math

import torch


def solve(x, memory, wq, wk, wv, wo, n_heads):
    """Copied from a decoder's self-attention: a causal mask has no meaning between x and memory."""
    B, Tq, C = x.shape
    Tk = memory.shape[1]
    if C % n_heads:
        raise ValueError("n_heads must divide C")
    hs = C // n_heads
    q = (x @ wq).view(B, Tq, n_heads, hs).transpose(1, 2)
    k = (memory @ wk).view(B, Tk, n_heads, hs).transpose(1, 2)
    v = (memory @ wv).view(B, Tk, n_heads, hs).transpose(1, 2)
    scores = q @ k.transpose(-2, -1) / math.sqrt(hs)
    future = torch.ones(Tq, Tk, dtype=torch.bool, device=x.device).triu(diagonal=1)
    w = torch.softmax(scores.masked_fill(future, float("-inf")), dim=-1)
    return (w @ v).transpose(1, 2).reshape(B, Tq, C) @ wo
