import math

import torch

BLOCK = 512  # one (B, H, 512, 512) tile of scores is 1 MiB per head


def solve(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, causal: bool) -> torch.Tensor:
    """Query blocks one after another; inside, key blocks with an online softmax."""
    b, h, t, d = q.shape
    out = torch.empty_like(q)
    for i0 in range(0, t, BLOCK):
        i1 = min(i0 + BLOCK, t)
        qb = q[:, :, i0:i1] / math.sqrt(d)
        m = q.new_full((b, h, i1 - i0, 1), float("-inf"))  # running max
        row_sum = q.new_zeros((b, h, i1 - i0, 1))  # running denominator
        acc = q.new_zeros((b, h, i1 - i0, d))  # running numerator
        for j0 in range(0, i1 if causal else t, BLOCK):  # causal: nothing after the diagonal
            j1 = min(j0 + BLOCK, t)
            s = qb @ k[:, :, j0:j1].transpose(-2, -1)
            if causal and j1 > i0:  # only tiles that cross the diagonal need the mask
                rows = torch.arange(i0, i1, device=q.device)[:, None]
                cols = torch.arange(j0, j1, device=q.device)[None, :]
                s = s.masked_fill(cols > rows, float("-inf"))
            m_new = torch.maximum(m, s.amax(dim=-1, keepdim=True))  # finite: key 0 came first
            alpha = torch.exp(m - m_new)  # 0 on the first tile (m = -inf)
            p = torch.exp(s - m_new)
            row_sum = row_sum * alpha + p.sum(dim=-1, keepdim=True)
            acc = acc * alpha + p @ v[:, :, j0:j1]
            m = m_new
        out[:, :, i0:i1] = acc / row_sum
    return out
