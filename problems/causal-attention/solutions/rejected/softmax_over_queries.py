# expect: WRONG_ANSWER
import math

import torch


def solve(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
    """Normalises over the query axis (dim=-2) instead of over the keys (dim=-1)."""
    t, d = q.shape[-2], q.shape[-1]
    scores = q @ k.transpose(-2, -1) / math.sqrt(d)
    allowed = torch.tril(torch.ones(t, t, dtype=torch.bool, device=q.device))
    scores = scores.masked_fill(~allowed, float("-inf"))
    return torch.softmax(scores, dim=-2) @ v
