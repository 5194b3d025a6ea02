# expect: WRONG_ANSWER
import torch


def solve(x: torch.Tensor, base: float = 10000.0) -> torch.Tensor:
    """Correct for even D, but never checks it: with an odd D the halves have different
    sizes and PyTorch raises a RuntimeError about shapes, not the ValueError asked for."""
    t, d = x.shape[-2], x.shape[-1]
    half = d // 2
    theta = base ** (-2.0 * torch.arange(half, device=x.device).float() / d)
    angles = torch.arange(t, device=x.device).float()[:, None] * theta
    cos, sin = angles.cos(), angles.sin()
    x1, x2 = x[..., :half], x[..., half:]
    return torch.cat((x1 * cos - x2 * sin, x2 * cos + x1 * sin), dim=-1)
