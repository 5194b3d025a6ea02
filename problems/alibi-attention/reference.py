"""Trusted input generator and reference for alibi-attention."""

from __future__ import annotations

import math

import torch


def generate(
    *,
    seed: int,
    device: str,
    batch: int,
    heads: int,
    time: int,
    dim: int,
    qk_scale: float = 1.0,
    zero_q: bool = False,
    identity_v: bool = False,
    decimals: int | None = None,
) -> dict[str, torch.Tensor]:
    """q, k, v of shape (batch, heads, time, dim), standard normal.

    `qk_scale` multiplies q and k (scores grow as its square). `zero_q` makes every
    q . k score 0, so the weights come from the ALiBi bias alone. `identity_v` (needs
    dim == time) makes v the identity, so each output row is the row of weights.
    `decimals` rounds the inputs so visible examples stay readable.
    """
    g = torch.Generator().manual_seed(seed)
    shape = (batch, heads, time, dim)
    q = torch.randn(shape, generator=g) * qk_scale
    k = torch.randn(shape, generator=g) * qk_scale
    v = torch.randn(shape, generator=g)
    if zero_q:
        q.zero_()
    if identity_v:
        v = torch.eye(time, dim).expand(shape).clone()
    if decimals is not None:
        q, k, v = (t.round(decimals=decimals) for t in (q, k, v))
    return {"q": q.to(device), "k": k.to(device), "v": v.to(device)}


def slopes(n_heads: int) -> torch.Tensor:
    """m_h = 2^(-8 (h + 1) / H) for h = 0 .. H-1, the same formula for every H, rounded once to float32."""
    exponents = torch.arange(1, n_heads + 1, dtype=torch.float64) * (-8.0 / n_heads)
    return torch.pow(2.0, exponents).float()


def reference(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
    """Causal attention whose scores q.k / sqrt(D) get the bias -m_h * (i - j) after scaling."""
    _, h, t, d = q.shape
    i = torch.arange(t, device=q.device)[:, None]
    j = torch.arange(t, device=q.device)[None, :]
    distance = (i - j).to(torch.float32)  # (T, T); negative entries are masked below
    bias = -slopes(h).to(q.device)[:, None, None] * distance  # (H, T, T)
    scores = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(d)) + bias
    scores = scores.masked_fill(j > i, float("-inf"))
    return torch.softmax(scores, dim=-1) @ v
