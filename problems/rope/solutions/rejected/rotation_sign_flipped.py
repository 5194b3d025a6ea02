# expect: WRONG_ANSWER
import torch


def solve(x: torch.Tensor, base: float = 10000.0) -> torch.Tensor:
    """rotate_half written as cat(x2, -x1) instead of cat(-x2, x1): every pair turns
    clockwise, by -p * theta_i."""
    t, d = x.shape[-2], x.shape[-1]
    if d % 2:
        raise ValueError("D must be even")
    inv_freq = 1.0 / (base ** (torch.arange(0, d, 2, device=x.device).float() / d))
    angles = torch.outer(torch.arange(t, device=x.device).float(), inv_freq)
    angles = torch.cat((angles, angles), dim=-1)
    x1, x2 = x[..., : d // 2], x[..., d // 2 :]
    return x * angles.cos() + torch.cat((x2, -x1), dim=-1) * angles.sin()
