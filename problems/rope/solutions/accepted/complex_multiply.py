import torch


def solve(x: torch.Tensor, base: float = 10000.0) -> torch.Tensor:
    """Each pair (x_i, x_{i+D/2}) is the complex number x_i + j x_{i+D/2}; rotating it by
    the angle a is multiplying it by e^{ja} = cos a + j sin a."""
    d = x.shape[-1]
    if d % 2 != 0:
        raise ValueError(f"head dimension {d} is odd")
    half, t = d // 2, x.shape[-2]
    i = torch.arange(half, dtype=torch.float32, device=x.device)
    theta = torch.pow(torch.tensor(base, dtype=torch.float32, device=x.device), -2.0 * i / d)
    pos = torch.arange(t, dtype=torch.float32, device=x.device)
    rot = torch.polar(torch.ones(t, half, device=x.device), pos[:, None] * theta)  # (T, D/2)
    z = torch.complex(x[..., :half], x[..., half:]) * rot
    return torch.cat((z.real, z.imag), dim=-1)
