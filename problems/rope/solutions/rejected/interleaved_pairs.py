# expect: WRONG_ANSWER
import torch


def solve(x: torch.Tensor, base: float = 10000.0) -> torch.Tensor:
    """The interleaved convention (GPT-J, the original Meta LLaMA code): rotates the
    pairs (x[2i], x[2i+1]). This problem pairs x[i] with x[i + D/2] (rotate-half)."""
    t, d = x.shape[-2], x.shape[-1]
    if d % 2:
        raise ValueError("D must be even")
    theta = base ** (-torch.arange(0, d, 2, device=x.device).float() / d)
    angles = torch.arange(t, device=x.device).float()[:, None] * theta  # (T, D/2)
    cos, sin = angles.cos(), angles.sin()
    even, odd = x[..., 0::2], x[..., 1::2]
    out = torch.empty_like(x)
    out[..., 0::2] = even * cos - odd * sin
    out[..., 1::2] = odd * cos + even * sin
    return out
