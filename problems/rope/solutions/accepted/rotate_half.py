import torch


def solve(x: torch.Tensor, base: float = 10000.0) -> torch.Tensor:
    """x * cos + rotate_half(x) * sin, with the (T, D/2) angle table repeated over both halves."""
    t, d = x.shape[-2], x.shape[-1]
    if d % 2:
        raise ValueError("RoPE needs an even head dimension")
    inv_freq = 1.0 / (base ** (torch.arange(0, d, 2, device=x.device).float() / d))  # theta_i
    angles = torch.outer(torch.arange(t, device=x.device).float(), inv_freq)  # (T, D/2)
    angles = torch.cat((angles, angles), dim=-1)  # (T, D): the same angle for i and i + D/2
    x1, x2 = x[..., : d // 2], x[..., d // 2 :]
    rotated = torch.cat((-x2, x1), dim=-1)  # rotate_half(x)
    return x * angles.cos() + rotated * angles.sin()
