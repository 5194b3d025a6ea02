# expect: TOO_SLOW
import math

import torch


def solve(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, causal: bool) -> torch.Tensor:
    """Memory-light (one row of scores at a time) and exact, but one Python iteration per
    (batch, head, query): thousands of tiny matrix-vector products."""
    b, h, t, d = q.shape
    scale = 1.0 / math.sqrt(d)
    out = torch.empty_like(q)
    for bi in range(b):
        for hi in range(h):
            for i in range(t):
                n = i + 1 if causal else t
                s = (k[bi, hi, :n] @ q[bi, hi, i]) * scale
                w = torch.softmax(s, dim=0)
                out[bi, hi, i] = w @ v[bi, hi, :n]
    return out
