import math

import torch


def solve(x, memory, wq, wk, wv, wo, n_heads):
    """One head at a time: head h uses columns h*hs:(h+1)*hs of wq, wk and wv."""
    C = x.shape[-1]
    if n_heads < 1 or C % n_heads != 0:
        raise ValueError("C must be divisible by n_heads")
    hs = C // n_heads
    outs = []
    for h in range(n_heads):
        cols = slice(h * hs, (h + 1) * hs)
        q = x @ wq[:, cols]  # (B, Tq, hs)
        k = memory @ wk[:, cols]  # (B, Tk, hs)
        v = memory @ wv[:, cols]  # (B, Tk, hs)
        w = torch.softmax(q @ k.transpose(-2, -1) / math.sqrt(hs), dim=-1)  # (B, Tq, Tk)
        outs.append(w @ v)
    return torch.cat(outs, dim=-1) @ wo  # heads in order, then the output projection
