# expect: TOO_SLOW
import torch


def solve(x: torch.Tensor, base: float = 10000.0) -> torch.Tensor:
    """Correct, but one Python iteration per position: thousands of small operations
    where one broadcast over the (T, D/2) angle table does it all."""
    t, d = x.shape[-2], x.shape[-1]
    if d % 2:
        raise ValueError("D must be even")
    half = d // 2
    theta = base ** (-2.0 * torch.arange(half, device=x.device).float() / d)
    out = torch.empty_like(x)
    for p in range(t):
        c, s = torch.cos(p * theta), torch.sin(p * theta)
        x1, x2 = x[..., p, :half], x[..., p, half:]
        out[..., p, :half] = x1 * c - x2 * s
        out[..., p, half:] = x2 * c + x1 * s
    return out
