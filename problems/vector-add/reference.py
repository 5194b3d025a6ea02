"""Trusted input generator and reference for vector-add."""

from __future__ import annotations

import torch


def generate(
    *,
    seed: int,
    device: str,
    n: int,
    scale: float = 1.0,
    integers: bool = False,
    special: bool = False,
    huge: bool = False,
) -> dict[str, torch.Tensor]:
    """Two float32 vectors of length ``n``, deterministic in ``seed``.

    ``integers`` draws small whole numbers (readable examples), ``special``
    plants inf/-inf/NaN so their propagation is checked, and ``huge`` draws
    magnitudes near the float32 maximum so some sums overflow to +-inf.
    """
    g = torch.Generator().manual_seed(seed)
    if integers:
        a = torch.randint(-9, 10, (n,), generator=g).float()
        b = torch.randint(-9, 10, (n,), generator=g).float()
    elif huge:
        sign_a = torch.randint(0, 2, (n,), generator=g).float() * 2 - 1
        sign_b = torch.randint(0, 2, (n,), generator=g).float() * 2 - 1
        a = sign_a * (1.0e38 + torch.rand(n, generator=g) * 2.3e38)
        b = sign_b * (1.0e38 + torch.rand(n, generator=g) * 2.3e38)
    else:
        a = torch.randn(n, generator=g) * scale
        b = torch.randn(n, generator=g) * scale
    if special:
        picks = torch.randperm(n, generator=g)[:6]
        values = [float("inf"), float("-inf"), float("nan")]
        for i, idx in enumerate(picks.tolist()):
            target = a if i % 2 == 0 else b
            target[idx] = values[i % 3]
    return {"a": a.to(device), "b": b.to(device)}


def reference(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Elementwise sum; a fresh tensor so the inputs stay untouched."""
    return a + b
