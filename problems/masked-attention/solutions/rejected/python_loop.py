# expect: TOO_SLOW
import math

import torch


def solve(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Correct, but one Python iteration per (batch, head, query): thousands of tiny ops."""
    batch, heads, t, d = q.shape
    out = torch.zeros_like(q)
    scale = 1.0 / math.sqrt(d)
    for b in range(batch):
        for h in range(heads):
            m = mask[b, h if mask.shape[1] > 1 else 0]
            for i in range(t):
                allowed = m[i]
                if not bool(allowed.any()):
                    continue  # the row stays zero
                scores = (k[b, h][allowed] @ q[b, h, i]) * scale
                weights = torch.softmax(scores, dim=0)
                out[b, h, i] = weights @ v[b, h][allowed]
    return out
