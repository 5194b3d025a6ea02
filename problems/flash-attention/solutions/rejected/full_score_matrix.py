# expect: MEMORY_LIMIT_EXCEEDED
import math

import torch


def solve(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, causal: bool) -> torch.Tensor:
    """Exact, but it is ordinary attention: the whole (B, H, T, T) score matrix is built.
    At T = 8192 that is 256 MiB per copy for a single head, far over the memory limit."""
    t = q.shape[-2]
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])
    if causal:
        future = torch.ones(t, t, dtype=torch.bool, device=q.device).triu(diagonal=1)
        scores = scores.masked_fill(future, float("-inf"))
    return torch.softmax(scores, dim=-1) @ v
