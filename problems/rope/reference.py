"""Trusted input generator and reference for rope (rotary position embedding, rotate-half pairing)."""

from __future__ import annotations

import torch

# The statement's Example 1: B = H = 1, T = 3, D = 4, base 10000, so theta = (1, 0.01).
_PRESET_X = [[1.0, 0.0, 0.0, 1.0], [1.0, 0.0, 0.0, 1.0], [1.0, 2.0, 0.0, 0.0]]


def generate(
    *,
    seed: int,
    device: str,
    time: int,
    dim: int,
    batch: int = 1,
    heads: int = 1,
    base: float = 10000.0,
    decimals: int | None = None,
    preset: bool = False,
) -> dict[str, torch.Tensor | float]:
    """x of shape (batch, heads, time, dim), standard normal, and the base.

    `decimals` rounds x so visible examples stay readable; `preset` gives the
    statement's Example 1. An odd `dim` makes a test of the ValueError contract.
    """
    if preset:
        return {"x": torch.tensor(_PRESET_X)[None, None].to(device), "base": float(base)}
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(batch, heads, time, dim, generator=g)
    if decimals is not None:
        x = x.round(decimals=decimals)
    return {"x": x.to(device), "base": float(base)}


def _tables(time: int, dim: int, base: float, device: torch.device) -> tuple[torch.Tensor, torch.Tensor]:
    """cos and sin of p * theta_i, shape (T, D/2), computed in float64 and rounded once.

    The angles p * theta_i reach ~8000 radians; in float32 they would carry errors near
    1e-3 rad. Here they are exact to ~1e-12, so the reference is the true rotation.
    """
    half = dim // 2
    theta = base ** (-2.0 * torch.arange(half, dtype=torch.float64) / dim)
    angle = torch.arange(time, dtype=torch.float64)[:, None] * theta[None, :]
    return angle.cos().float().to(device), angle.sin().float().to(device)


def reference(x: torch.Tensor, base: float = 10000.0) -> torch.Tensor:
    """Rotate the pair (x[..., i], x[..., i + D/2]) at position p by the angle p * base^(-2i/D)."""
    dim = x.shape[-1]
    if dim % 2 != 0:
        raise ValueError(f"the head dimension must be even, got {dim}")
    half = dim // 2
    cos, sin = _tables(x.shape[-2], dim, base, x.device)
    first, second = x[..., :half], x[..., half:]
    return torch.cat((first * cos - second * sin, second * cos + first * sin), dim=-1)
