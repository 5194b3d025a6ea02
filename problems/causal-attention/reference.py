"""Trusted input generator and reference for causal-attention."""

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
    zero_qk: bool = False,
    decimals: int | None = None,
) -> dict[str, torch.Tensor]:
    """Draw q, k, v of shape (batch, heads, time, dim) on the CPU, then move them.

    `qk_scale` multiplies q and k only, so scores grow as qk_scale**2 (1e2 gives
    scores around 1e4, where an unshifted softmax overflows). `zero_qk` makes every
    score equal, so each output row must be the mean of the visible prefix of v.
    `decimals` rounds the inputs so visible examples stay readable.
    """
    g = torch.Generator().manual_seed(seed)
    shape = (batch, heads, time, dim)
    q = torch.randn(shape, generator=g) * qk_scale
    k = torch.randn(shape, generator=g) * qk_scale
    v = torch.randn(shape, generator=g)
    if zero_qk:
        q.zero_()
        k.zero_()
    if decimals is not None:
        q, k, v = (t.round(decimals=decimals) for t in (q, k, v))
    return {"q": q.to(device), "k": k.to(device), "v": v.to(device)}


def reference(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
    """softmax(q k^T / sqrt(D) + causal mask) v, with a max-shifted softmax."""
    t = q.shape[-2]
    scores = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(q.shape[-1]))
    future = torch.ones(t, t, dtype=torch.bool, device=q.device).triu(diagonal=1)
    scores = scores.masked_fill(future, float("-inf"))
    return torch.softmax(scores, dim=-1) @ v
