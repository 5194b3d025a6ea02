# expect: TOO_SLOW
import math

import torch


def solve(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
    """Correct, but one Python iteration per (batch, head, query): thousands of tiny ops."""
    batch, heads, t, d = q.shape
    out = torch.empty_like(q)
    scale = 1.0 / math.sqrt(d)
    for b in range(batch):
        for h in range(heads):
            for i in range(t):
                scores = (k[b, h, : i + 1] @ q[b, h, i]) * scale
                weights = torch.softmax(scores, dim=0)
                out[b, h, i] = weights @ v[b, h, : i + 1]
    return out
