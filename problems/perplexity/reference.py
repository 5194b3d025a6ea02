"""Trusted input generator and reference for perplexity."""

from __future__ import annotations

import torch
import torch.nn.functional as F


def generate(
    *,
    seed: int,
    device: str,
    batch: int,
    time: int,
    vocab: int,
    scale: float = 1.0,
    offset: float = 0.0,
    margin: float | None = None,
    decimals: int | None = None,
) -> dict[str, torch.Tensor]:
    """Logits (batch, time, vocab) drawn as N(offset, scale^2) and int64 targets.

    ``scale`` 0 makes every logit equal (perplexity = vocab). ``offset`` 100 puts
    every logit near 100, where exp overflows float32 unless shifted. ``margin``
    raises each target logit to the maximum of its row plus ``margin`` (near-perfect
    predictions, perplexity close to 1). ``decimals`` rounds logits for readable
    visible examples.
    """
    g = torch.Generator().manual_seed(seed)
    logits = torch.randn(batch, time, vocab, generator=g) * scale + offset
    targets = torch.randint(0, vocab, (batch, time), generator=g)
    if decimals is not None:
        logits = logits.round(decimals=decimals) + 0.0  # + 0.0 turns -0.0 into 0.0
    if margin is not None:
        top = logits.amax(dim=-1, keepdim=True)
        logits.scatter_(-1, targets.unsqueeze(-1), top + margin)
    return {"logits": logits.to(device), "targets": targets.to(device)}


def reference(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """exp of the mean cross-entropy over all batch * time tokens (0-dim float32)."""
    vocab = logits.shape[-1]
    return torch.exp(F.cross_entropy(logits.reshape(-1, vocab), targets.reshape(-1)))
