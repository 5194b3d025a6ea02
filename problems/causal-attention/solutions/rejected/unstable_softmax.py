# expect: WRONG_ANSWER
import math

import torch


def solve(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
    """Exponentiates raw scores: exp overflows to inf for scores near 1e4 and inf/inf is NaN."""
    t, d = q.shape[-2], q.shape[-1]
    scores = q @ k.transpose(-2, -1) / math.sqrt(d)
    allowed = torch.tril(torch.ones(t, t, dtype=torch.bool, device=q.device))
    weights = scores.exp() * allowed
    weights = weights / weights.sum(dim=-1, keepdim=True)
    return weights @ v
