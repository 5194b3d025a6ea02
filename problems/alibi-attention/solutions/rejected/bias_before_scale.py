# expect: WRONG_ANSWER
import math

import torch


def solve(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
    """Adds the bias to the raw dot products and scales afterwards, so the bias is
    divided by sqrt(D) too: (q.k - m (i - j)) / sqrt(D)."""
    _, n_heads, t, d = q.shape
    m = torch.tensor([2.0 ** (-8.0 * (h + 1) / n_heads) for h in range(n_heads)], device=q.device)
    pos = torch.arange(t, device=q.device)
    back = (pos[:, None] - pos[None, :]).float()
    scores = (q @ k.transpose(-2, -1) - m.view(n_heads, 1, 1) * back) / math.sqrt(d)
    scores = scores.masked_fill(back < 0, float("-inf"))
    return torch.softmax(scores, dim=-1) @ v
