# expect: WRONG_ANSWER
import torch


def solve(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
    """Forgets the 1/sqrt(D) scale, so the softmax is too peaked."""
    t = q.shape[-2]
    scores = q @ k.transpose(-2, -1)
    allowed = torch.tril(torch.ones(t, t, dtype=torch.bool, device=q.device))
    scores = scores.masked_fill(~allowed, float("-inf"))
    return torch.softmax(scores, dim=-1) @ v
