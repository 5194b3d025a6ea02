"""Trusted input generator and reference for masked-attention."""

from __future__ import annotations

import math

import torch

# Example 1 of the statement, exactly: one head, T = 3, D = 4, an empty middle row.
_PRESET_Q = [[2.0, 0.0, 0.0, 0.0], [0.0, 2.0, 0.0, 0.0], [2.0, 2.0, 0.0, 0.0]]
_PRESET_K = [[2.0, 0.0, 0.0, 0.0], [0.0, 2.0, 0.0, 0.0], [0.0, 0.0, 2.0, 0.0]]
_PRESET_V = [[1.0, 0.0, 0.0, 0.0], [0.0, 1.0, 0.0, 0.0], [1.0, 1.0, 0.0, 0.0]]
_PRESET_MASK = [[True, True, False], [False, False, False], [True, False, True]]


def _key_lengths(g: torch.Generator, batch: int, time: int) -> torch.Tensor:
    """Valid lengths per batch element in [1, T]; the first is T, the others random."""
    lengths = torch.randint(1, time + 1, (batch,), generator=g)
    lengths[0] = time
    if batch > 1 and time > 1:
        lengths[1] = min(int(lengths[1]), time - 1)  # at least one sequence is padded
    return lengths


def _mask(
    g: torch.Generator, kind: str, batch: int, mheads: int, time: int, keep: float
) -> torch.Tensor:
    """A boolean (batch, mheads, T, T) mask, True = the query may attend to the key.

    random:        each entry True with probability `keep`
    padding:       right padding of the keys: key j is valid for all queries when
                   j < length[b] (a BERT-style key-padding mask)
    left_causal:   left padding plus causality, as in batched generation: query i
                   sees key j when pad[b] <= j <= i, so the queries inside the
                   padding (i < pad[b]) have no allowed key at all
    causal:        j <= i
    all / none:    every entry True / False
    """
    j = torch.arange(time)
    i = j[:, None]
    if kind == "random":
        return torch.rand(batch, mheads, time, time, generator=g) < keep
    if kind == "padding":
        lengths = _key_lengths(g, batch, time)
        valid = j[None, :] < lengths[:, None]  # (B, T) over keys
        return valid[:, None, None, :].expand(batch, mheads, time, time).clone()
    if kind == "left_causal":
        pads = time - _key_lengths(g, batch, time)  # 0 .. T-1 padded positions
        allowed = (j[None, None, :] >= pads[:, None, None]) & (j[None, :] <= i)[None]
        return allowed[:, None].expand(batch, mheads, time, time).clone()
    if kind == "causal":
        return (j[None, :] <= i).expand(batch, mheads, time, time).clone()
    if kind == "all":
        return torch.ones(batch, mheads, time, time, dtype=torch.bool)
    if kind == "none":
        return torch.zeros(batch, mheads, time, time, dtype=torch.bool)
    raise ValueError(f"unknown mask kind {kind!r}")


def generate(
    *,
    seed: int,
    device: str,
    batch: int = 1,
    heads: int = 1,
    time: int = 3,
    dim: int = 4,
    mask: str = "random",
    per_head: bool = False,
    keep: float = 0.6,
    empty_rows: float = 0.0,
    qk_scale: float = 1.0,
    decimals: int | None = None,
    preset: bool = False,
) -> dict[str, torch.Tensor]:
    """q, k, v of shape (batch, heads, time, dim) and a boolean mask.

    The mask has shape (batch, heads, T, T) when `per_head`, else (batch, 1, T, T).
    `empty_rows` is the fraction of query rows whose every key is then masked out
    (they must give zeros). `qk_scale` multiplies q and k, so scores grow as its
    square. `decimals` rounds the inputs so visible examples stay readable;
    `preset` returns the statement's Example 1 exactly.
    """
    if preset:
        def four_d(rows: list) -> torch.Tensor:
            return torch.tensor(rows)[None, None]

        return {
            "q": four_d(_PRESET_Q).to(device),
            "k": four_d(_PRESET_K).to(device),
            "v": four_d(_PRESET_V).to(device),
            "mask": four_d(_PRESET_MASK).to(device),
        }
    g = torch.Generator().manual_seed(seed)
    shape = (batch, heads, time, dim)
    q = torch.randn(shape, generator=g) * qk_scale
    k = torch.randn(shape, generator=g) * qk_scale
    v = torch.randn(shape, generator=g)
    if decimals is not None:
        q, k, v = (t.round(decimals=decimals) for t in (q, k, v))
    mheads = heads if per_head else 1
    m = _mask(g, mask, batch, mheads, time, keep)
    if empty_rows > 0.0:
        drop = torch.rand(batch, mheads, time, generator=g) < empty_rows
        m &= ~drop[..., None]
    return {"q": q.to(device), "k": k.to(device), "v": v.to(device), "mask": m.to(device)}


def reference(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """softmax over the allowed keys of q k^T / sqrt(D), times v; rows with no allowed key give 0."""
    scores = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(q.shape[-1]))
    scores = scores.masked_fill(~mask, float("-inf"))
    weights = torch.softmax(scores, dim=-1)  # NaN on rows that are entirely -inf
    weights = torch.where(mask.any(dim=-1, keepdim=True), weights, torch.zeros_like(weights))
    return weights @ v
