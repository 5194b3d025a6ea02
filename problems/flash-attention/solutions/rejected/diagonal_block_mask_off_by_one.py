# expect: WRONG_ANSWER
import math

import torch

BLOCK = 64


def solve(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, causal: bool) -> torch.Tensor:
    """Tiled and rescaled correctly, but the causal mask on the diagonal block uses
    `cols >= rows`: each query no longer sees itself, and the first query of the
    sequence sees nothing at all (its softmax is 0/0)."""
    b, h, t, d = q.shape
    qs = q / math.sqrt(d)
    out = torch.empty_like(q)
    for i0 in range(0, t, BLOCK):
        i1 = min(i0 + BLOCK, t)
        m = q.new_full((b, h, i1 - i0, 1), float("-inf"))
        l = q.new_zeros((b, h, i1 - i0, 1))
        acc = q.new_zeros((b, h, i1 - i0, d))
        for j0 in range(0, i1 if causal else t, BLOCK):
            j1 = min(j0 + BLOCK, t)
            s = qs[:, :, i0:i1] @ k[:, :, j0:j1].transpose(-2, -1)
            if causal and j1 > i0:
                rows = torch.arange(i0, i1, device=q.device)[:, None]
                cols = torch.arange(j0, j1, device=q.device)[None, :]
                s = s.masked_fill(cols >= rows, float("-inf"))
            m_new = torch.maximum(m, s.amax(dim=-1, keepdim=True))
            alpha = torch.exp(m - m_new)
            p = torch.exp(s - m_new)
            l = l * alpha + p.sum(dim=-1, keepdim=True)
            acc = acc * alpha + p @ v[:, :, j0:j1]
            m = m_new
        out[:, :, i0:i1] = acc / l
    return out
