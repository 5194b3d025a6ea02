"""Trusted input generator and reference for kv-cache."""

from __future__ import annotations

import math

import torch

# The statement's Example 1: B = H = 1, D = 4, two cached positions.
_PRESET = {
    "q_t": [[2.0, 2.0, 0.0, 0.0]],
    "k_t": [[0.0, 2.0, 0.0, 0.0]],
    "v_t": [[0.0, 0.0, 1.0, 0.0]],
    "K": [[2.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0]],
    "V": [[1.0, 0.0, 0.0, 0.0], [0.0, 1.0, 0.0, 0.0]],
}

Cache = tuple[torch.Tensor, torch.Tensor]


def generate(
    *,
    seed: int,
    device: str,
    length: int,
    batch: int = 1,
    heads: int = 1,
    dim: int = 4,
    sequence: int | None = None,
    qk_scale: float = 1.0,
    decimals: int | None = None,
    preset: bool = False,
) -> dict[str, torch.Tensor | Cache | None]:
    """One decoding step at cache length `length` (0: the first step, cache None).

    A whole sequence of `sequence` positions (default length + 1) is drawn from `seed`;
    the step uses position `length` as (q_t, k_t, v_t) and positions 0..length-1 as the
    cache. Tests with the same seed and `sequence` are therefore consecutive steps of one
    sequence, each getting exactly the cache the previous step should have returned.
    `qk_scale` multiplies q and k; `decimals` rounds for readable visible examples;
    `preset` gives the statement's Example 1.
    """
    if preset:
        def four_d(rows: list) -> torch.Tensor:
            return torch.tensor(rows)[None, None].to(device)

        return {
            "q_t": four_d(_PRESET["q_t"]),
            "k_t": four_d(_PRESET["k_t"]),
            "v_t": four_d(_PRESET["v_t"]),
            "cache": (four_d(_PRESET["K"]), four_d(_PRESET["V"])),
        }
    n = sequence if sequence is not None else length + 1
    if not 0 <= length < n:
        raise ValueError(f"length {length} must lie in [0, {n})")
    g = torch.Generator().manual_seed(seed)
    shape = (batch, heads, n, dim)
    q = torch.randn(shape, generator=g) * qk_scale
    k = torch.randn(shape, generator=g) * qk_scale
    v = torch.randn(shape, generator=g)
    if decimals is not None:
        q, k, v = (x.round(decimals=decimals) for x in (q, k, v))
    step = slice(length, length + 1)
    cache = None
    if length > 0:
        cache = (k[:, :, :length].contiguous().to(device), v[:, :, :length].contiguous().to(device))
    return {
        "q_t": q[:, :, step].contiguous().to(device),
        "k_t": k[:, :, step].contiguous().to(device),
        "v_t": v[:, :, step].contiguous().to(device),
        "cache": cache,
    }


def reference(
    q_t: torch.Tensor, k_t: torch.Tensor, v_t: torch.Tensor, cache: Cache | None
) -> tuple[torch.Tensor, Cache]:
    """Append (k_t, v_t) at the end of the cache, then attend from q_t to every cached key."""
    if cache is None:
        keys, values = k_t, v_t
    else:
        keys = torch.cat([cache[0], k_t], dim=2)
        values = torch.cat([cache[1], v_t], dim=2)
    scores = (q_t @ keys.transpose(-2, -1)) * (1.0 / math.sqrt(q_t.shape[-1]))  # (B, H, 1, t+1)
    out = torch.softmax(scores, dim=-1) @ values  # (B, H, 1, D)
    return out, (keys, values)
