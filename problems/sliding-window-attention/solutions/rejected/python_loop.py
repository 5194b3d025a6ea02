# expect: TOO_SLOW
import math

import torch


def solve(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, window: int) -> torch.Tensor:
    """Correct and it only touches the window, but one Python iteration per
    (batch, head, query): thousands of tiny operations."""
    if window < 1:
        raise ValueError("window must be at least 1")
    b, h, t, d = q.shape
    scale = 1.0 / math.sqrt(d)
    out = torch.empty_like(q)
    for bi in range(b):
        for hi in range(h):
            for i in range(t):
                lo = max(0, i - window + 1)
                s = (k[bi, hi, lo : i + 1] @ q[bi, hi, i]) * scale
                out[bi, hi, i] = torch.softmax(s, dim=0) @ v[bi, hi, lo : i + 1]
    return out
