"""Trusted input generator and reference for sliding-window-attention."""

from __future__ import annotations

import math

import torch

# The statement's Example 1: q = 2I and D = 4, so q_i . k_j / sqrt(4) = K[j][i]; v = I,
# so each output row is that query's row of attention weights.
_PRESET_Q = [[2.0, 0.0, 0.0, 0.0], [0.0, 2.0, 0.0, 0.0], [0.0, 0.0, 2.0, 0.0], [0.0, 0.0, 0.0, 2.0]]
_PRESET_K = [[1.0, 0.0, 2.0, 1.0], [3.0, 1.0, 0.0, 1.0], [0.0, 2.0, 0.0, 1.0], [2.0, 0.0, 1.0, 1.0]]
_PRESET_V = [[1.0, 0.0, 0.0, 0.0], [0.0, 1.0, 0.0, 0.0], [0.0, 0.0, 1.0, 0.0], [0.0, 0.0, 0.0, 1.0]]


def generate(
    *,
    seed: int,
    device: str,
    window: int,
    batch: int = 1,
    heads: int = 1,
    time: int = 4,
    dim: int = 4,
    qk_scale: float = 1.0,
    decimals: int | None = None,
    preset: bool = False,
) -> dict[str, torch.Tensor | int]:
    """q, k, v of shape (batch, heads, time, dim), standard normal, and the window.

    `qk_scale` multiplies q and k (scores grow as its square). `decimals` rounds the
    inputs so visible examples stay readable; `preset` gives the statement's Example 1.
    """
    if preset:
        q, k, v = (torch.tensor(rows)[None, None] for rows in (_PRESET_Q, _PRESET_K, _PRESET_V))
        return {"q": q.to(device), "k": k.to(device), "v": v.to(device), "window": int(window)}
    g = torch.Generator().manual_seed(seed)
    shape = (batch, heads, time, dim)
    q = torch.randn(shape, generator=g) * qk_scale
    k = torch.randn(shape, generator=g) * qk_scale
    v = torch.randn(shape, generator=g)
    if decimals is not None:
        q, k, v = (t.round(decimals=decimals) for t in (q, k, v))
    return {"q": q.to(device), "k": k.to(device), "v": v.to(device), "window": int(window)}


def reference(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, window: int) -> torch.Tensor:
    """Query i attends to keys j with i - window < j <= i (itself and the window - 1 before)."""
    if window < 1:
        raise ValueError(f"window must be at least 1, got {window}")
    t = q.shape[-2]
    scores = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(q.shape[-1]))
    i = torch.arange(t, device=q.device)[:, None]
    j = torch.arange(t, device=q.device)[None, :]
    visible = (j <= i) & (j > i - window)
    scores = scores.masked_fill(~visible, float("-inf"))
    return torch.softmax(scores, dim=-1) @ v
