# expect: WRONG_ANSWER
import math

import torch

BLOCK = 16


def solve(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, causal: bool) -> torch.Tensor:
    """Online softmax that updates the running max and rescales the running sum, but
    forgets to rescale the accumulated output: blocks seen before the max grew keep
    weights computed against the old, smaller max and count too much."""
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
            if causal:
                rows = torch.arange(i0, i1, device=q.device)[:, None]
                cols = torch.arange(j0, j1, device=q.device)[None, :]
                s = s.masked_fill(cols > rows, float("-inf"))
            m_new = torch.maximum(m, s.amax(dim=-1, keepdim=True))
            p = torch.exp(s - m_new)
            l = l * torch.exp(m - m_new) + p.sum(dim=-1, keepdim=True)
            acc = acc + p @ v[:, :, j0:j1]  # missing: acc * exp(m - m_new)
            m = m_new
        out[:, :, i0:i1] = acc / l
    return out
