# expect: WRONG_ANSWER
import torch


def solve(x: torch.Tensor, base: float = 10000.0) -> torch.Tensor:
    """Counts positions from 1: the first token is already rotated, and every position
    is off by one step."""
    t, d = x.shape[-2], x.shape[-1]
    if d % 2:
        raise ValueError("D must be even")
    half = d // 2
    theta = base ** (-2.0 * torch.arange(half, device=x.device).float() / d)
    angles = torch.arange(1, t + 1, device=x.device).float()[:, None] * theta
    cos, sin = angles.cos(), angles.sin()
    x1, x2 = x[..., :half], x[..., half:]
    return torch.cat((x1 * cos - x2 * sin, x2 * cos + x1 * sin), dim=-1)
