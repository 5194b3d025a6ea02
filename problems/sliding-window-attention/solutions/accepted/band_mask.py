import math

import torch


def solve(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, window: int) -> torch.Tensor:
    """Full score matrix with a boolean band mask: visible when 0 <= i - j < window."""
    if window < 1:
        raise ValueError("window must be a positive number of positions")
    t = q.shape[-2]
    scores = torch.matmul(q, k.transpose(-2, -1)) / math.sqrt(q.shape[-1])
    pos = torch.arange(t, device=q.device)
    distance = pos[:, None] - pos[None, :]  # i - j
    visible = (distance >= 0) & (distance < window)
    scores = scores.masked_fill(~visible, float("-inf"))  # the diagonal is always visible
    return torch.softmax(scores, dim=-1) @ v
