# expect: TOO_SLOW
import math

import torch


def solve(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
    """Correct, but one Python iteration per (batch, head, query): thousands of tiny ops."""
    b, n_heads, t, d = q.shape
    out = torch.empty_like(q)
    for bi in range(b):
        for h in range(n_heads):
            m = 2.0 ** (-8.0 * (h + 1) / n_heads)
            for i in range(t):
                back = torch.arange(i, -1, -1, device=q.device, dtype=q.dtype)  # i - j for j = 0..i
                s = (k[bi, h, : i + 1] @ q[bi, h, i]) / math.sqrt(d) - m * back
                out[bi, h, i] = torch.softmax(s, dim=0) @ v[bi, h, : i + 1]
    return out
