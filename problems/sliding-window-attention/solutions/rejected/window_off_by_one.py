# expect: WRONG_ANSWER
import math

import torch


def solve(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, window: int) -> torch.Tensor:
    """Keeps j >= i - window instead of j > i - window: every query sees window + 1 keys."""
    if window < 1:
        raise ValueError("window must be at least 1")
    t = q.shape[-2]
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])
    i = torch.arange(t, device=q.device)[:, None]
    j = torch.arange(t, device=q.device)[None, :]
    visible = (j <= i) & (j >= i - window)
    scores = scores.masked_fill(~visible, float("-inf"))
    return torch.softmax(scores, dim=-1) @ v
