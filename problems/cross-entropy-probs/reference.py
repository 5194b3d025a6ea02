"""Trusted input generator and reference for cross-entropy-probs."""

from __future__ import annotations

import torch


def generate(
    *,
    seed: int,
    device: str,
    rows: int,
    cols: int,
    eps: float = 1e-7,
    scale: float = 1.0,
    zeros: float = 0.0,
    target_zero: float = 0.0,
    onehot: bool = False,
    correct: float = 0.5,
    decimals: int | None = None,
) -> dict[str, torch.Tensor | float]:
    """Rows of probabilities (softmax of N(0, scale^2) logits) and int64 targets.

    ``zeros``: about this fraction of the entries is set to exactly 0 (each row keeps
    at least its largest entry) and the rows are renormalised. ``target_zero``: about
    this fraction of the rows gives its target probability exactly 0. ``onehot``:
    every row is exactly one-hot; about ``correct`` of them are hot at the target
    (loss 0), the others elsewhere (loss -log eps). ``decimals`` rounds the
    probabilities for readable visible examples (rows then sum to 1 only roughly).
    """
    g = torch.Generator().manual_seed(seed)
    probs = torch.softmax(torch.randn(rows, cols, generator=g) * scale, dim=1)
    targets = torch.randint(0, cols, (rows,), generator=g)
    if zeros > 0.0:
        drop = torch.rand(rows, cols, generator=g) < zeros
        drop[torch.arange(rows), probs.argmax(dim=1)] = False
        probs = probs.masked_fill(drop, 0.0)
        probs = probs / probs.sum(dim=1, keepdim=True)
    if target_zero > 0.0 and cols > 1:
        hit = torch.rand(rows, generator=g) < target_zero
        keep = torch.ones(rows, cols, dtype=torch.bool)
        keep[hit, targets[hit]] = False
        probs = probs * keep
        probs = probs / probs.sum(dim=1, keepdim=True)
    if onehot:
        right = torch.rand(rows, generator=g) < correct
        shift = torch.randint(1, max(cols, 2), (rows,), generator=g)
        hot = torch.where(right | (cols == 1), targets, (targets + shift) % cols)
        probs = torch.zeros(rows, cols)
        probs[torch.arange(rows), hot] = 1.0
    if decimals is not None:
        probs = probs.round(decimals=decimals)
    return {"probs": probs.to(device), "targets": targets.to(device), "eps": eps}


def reference(probs: torch.Tensor, targets: torch.Tensor, eps: float = 1e-7) -> torch.Tensor:
    """Clip every probability to [eps, 1], then the mean of -log p[target] (0-dim)."""
    clipped = probs.clamp(min=eps, max=1.0)
    picked = clipped.gather(1, targets.unsqueeze(1)).squeeze(1)
    return -torch.log(picked).mean() + 0.0  # + 0.0: a zero loss reads 0, not -0
