"""Trusted input generator and reference for swiglu."""

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
    integers: bool = False,
) -> dict[str, torch.Tensor]:
    """x of shape (rows, cols), cols = 2N even, deterministic in ``seed``.

    ``scale`` stretches standard-normal values (50 puts gate values beyond 88,
    where exp(x) overflows float32, so exp(x) / (1 + exp(x)) turns into NaN);
    ``integers`` draws small whole numbers for readable examples.
    """
    g = torch.Generator().manual_seed(seed)
    if integers:
        x = torch.randint(-3, 4, (rows, cols), generator=g).float()
    else:
        x = torch.randn(rows, cols, generator=g) * scale
    return {"x": x.to(device)}


def reference(x: torch.Tensor) -> torch.Tensor:
    """silu(first half of the columns) * second half, row by row."""
    n = x.shape[-1] // 2
    return F.silu(x[:, :n]) * x[:, n:]
