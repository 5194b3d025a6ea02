# expect: WRONG_ANSWER
import math

import torch


def solve(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
    """Adds + m (i - j): distant keys are favoured instead of penalised."""
    _, n_heads, t, d = q.shape
    m = torch.tensor([2.0 ** (-8.0 * (h + 1) / n_heads) for h in range(n_heads)], device=q.device)
    pos = torch.arange(t, device=q.device)
    back = (pos[:, None] - pos[None, :]).float()
    scores = q @ k.transpose(-2, -1) / math.sqrt(d) + m.view(n_heads, 1, 1) * back
    scores = scores.masked_fill(back < 0, float("-inf"))
    return torch.softmax(scores, dim=-1) @ v
