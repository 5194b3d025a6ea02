"""Trusted input generator and reference for cross-attention."""

from __future__ import annotations

import math

import torch


def generate(
    *,
    seed: int,
    device: str,
    batch: int,
    tq: int,
    tk: int,
    channels: int,
    heads: int,
    weight_scale: float = 1.0,
    decimals: int | None = None,
) -> dict[str, torch.Tensor | int]:
    """x (batch, tq, C), memory (batch, tk, C) and four (C, C) weights.

    Weights are N(0, 1/C) so every projection keeps unit-variance entries and the
    scores are O(1); `weight_scale` multiplies them (4 gives scores in the tens,
    where an unshifted softmax loses precision or overflows). `heads` need not
    divide C: such a test expects ValueError. `decimals` rounds everything so
    visible examples stay readable.
    """
    g = torch.Generator().manual_seed(seed)
    c = channels
    x = torch.randn(batch, tq, c, generator=g)
    memory = torch.randn(batch, tk, c, generator=g)
    ws = [torch.randn(c, c, generator=g) * (weight_scale / math.sqrt(c)) for _ in range(4)]
    tensors = [x, memory, *ws]
    if decimals is not None:
        tensors = [t.round(decimals=decimals) for t in tensors]
    x, memory, wq, wk, wv, wo = (t.to(device) for t in tensors)
    return {"x": x, "memory": memory, "wq": wq, "wk": wk, "wv": wv, "wo": wo, "n_heads": heads}


def reference(
    x: torch.Tensor,
    memory: torch.Tensor,
    wq: torch.Tensor,
    wk: torch.Tensor,
    wv: torch.Tensor,
    wo: torch.Tensor,
    n_heads: int,
) -> torch.Tensor:
    """Multi-head attention of the queries x over the keys/values memory, no mask."""
    b, tq, c = x.shape
    tk = memory.shape[1]
    if n_heads < 1 or c % n_heads != 0:
        raise ValueError(f"C={c} is not divisible by n_heads={n_heads}")
    hs = c // n_heads
    q = (x @ wq).view(b, tq, n_heads, hs).transpose(1, 2)  # (B, H, Tq, hs)
    k = (memory @ wk).view(b, tk, n_heads, hs).transpose(1, 2)  # (B, H, Tk, hs)
    v = (memory @ wv).view(b, tk, n_heads, hs).transpose(1, 2)  # (B, H, Tk, hs)
    weights = torch.softmax((q @ k.transpose(-2, -1)) / math.sqrt(hs), dim=-1)  # (B, H, Tq, Tk)
    heads = (weights @ v).transpose(1, 2).reshape(b, tq, c)  # heads side by side again
    return heads @ wo
