import torch
import triton
import triton.language as tl


@triton.jit
def _rope_kernel(x_ptr, cos_ptr, sin_ptr, out_ptr, seq_len, half, BLOCK: tl.constexpr):
    """Program r rotates row r of the contiguous (B*H*T, D) view; its position is r % T."""
    row = tl.program_id(0).to(tl.int64)
    pos = row % seq_len
    i = tl.arange(0, BLOCK)
    ok = i < half
    x_row = x_ptr + row * (2 * half)
    x1 = tl.load(x_row + i, mask=ok, other=0.0)  # first half: x[i]
    x2 = tl.load(x_row + half + i, mask=ok, other=0.0)  # its partner x[i + D/2]
    c = tl.load(cos_ptr + pos * half + i, mask=ok, other=1.0)
    s = tl.load(sin_ptr + pos * half + i, mask=ok, other=0.0)
    o_row = out_ptr + row * (2 * half)
    tl.store(o_row + i, x1 * c - x2 * s, mask=ok)
    tl.store(o_row + half + i, x2 * c + x1 * s, mask=ok)


def solve(x: torch.Tensor, base: float, *, out: torch.Tensor) -> None:
    b, h, t, d = x.shape
    if d % 2 != 0:
        raise ValueError(f"RoPE needs an even head dimension, got {d}")
    half = d // 2
    # The (T, D/2) tables are tiny next to x: build them with PyTorch, whose float32
    # sin/cos reduce large angles accurately, and let the kernel stream x once.
    theta = base ** (-2.0 * torch.arange(half, device=x.device, dtype=torch.float32) / d)
    angles = torch.arange(t, device=x.device, dtype=torch.float32)[:, None] * theta[None, :]
    cos, sin = angles.cos().contiguous(), angles.sin().contiguous()
    x = x.contiguous()
    _rope_kernel[(b * h * t,)](x, cos, sin, out, t, half, BLOCK=triton.next_power_of_2(half))
