"""Trusted input generator and reference for cross-entropy (mean over the batch)."""

from __future__ import annotations

import torch
import torch.nn.functional as F


def generate(
    *,
    seed: int,
    device: str,
    rows: int,
    cols: int,
    scale: float = 1.0,
    offset: float = 0.0,
    margin: float | None = None,
    target: int | None = None,
    decimals: int | None = None,
) -> dict[str, torch.Tensor]:
    """Logits (rows, cols) drawn as N(offset, scale^2) and int64 class targets.

    ``scale`` 1e4 makes a naive exp overflow and makes most target probabilities
    underflow to 0 (so log(softmax) gives -inf); ``offset`` 1e4 with a small scale
    puts every logit near 1e4 with small differences, where rounding a large
    intermediate (max + log-sum) costs precision. ``margin`` raises each target
    logit to the row maximum plus ``margin`` (a confident, correct prediction).
    ``target`` fixes every target to one class (negative counts from the end).
    ``decimals`` rounds logits for readable visible examples.
    """
    g = torch.Generator().manual_seed(seed)
    logits = torch.randn(rows, cols, generator=g) * scale + offset
    if target is None:
        targets = torch.randint(0, cols, (rows,), generator=g)
    else:
        targets = torch.full((rows,), target % cols, dtype=torch.int64)
    if decimals is not None:
        logits = logits.round(decimals=decimals) + 0.0  # + 0.0 turns -0.0 into 0.0
    if margin is not None:
        top = logits.amax(dim=1)
        logits[torch.arange(rows), targets] = top + margin
    return {"logits": logits.to(device), "targets": targets.to(device)}


def reference(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """Mean over the batch of -log softmax(logits)[target], as a 0-dim float32 tensor."""
    return F.cross_entropy(logits, targets)
