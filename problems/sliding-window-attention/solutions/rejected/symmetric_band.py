# expect: WRONG_ANSWER
import math

import torch


def solve(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, window: int) -> torch.Tensor:
    """A band |i - j| < window on both sides: the window is right, but queries also see
    up to window - 1 future keys (the causal half is missing)."""
    if window < 1:
        raise ValueError("window must be at least 1")
    t = q.shape[-2]
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])
    pos = torch.arange(t, device=q.device)
    visible = (pos[:, None] - pos[None, :]).abs() < window
    scores = scores.masked_fill(~visible, float("-inf"))
    return torch.softmax(scores, dim=-1) @ v
