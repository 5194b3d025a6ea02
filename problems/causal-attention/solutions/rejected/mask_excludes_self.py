# expect: WRONG_ANSWER
import math

import torch


def solve(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
    """Masks the diagonal too (j < i): position 0 sees nothing and its softmax is NaN."""
    t, d = q.shape[-2], q.shape[-1]
    scores = q @ k.transpose(-2, -1) / math.sqrt(d)
    allowed = torch.tril(torch.ones(t, t, dtype=torch.bool, device=q.device), diagonal=-1)
    scores = scores.masked_fill(~allowed, float("-inf"))
    return torch.softmax(scores, dim=-1) @ v
