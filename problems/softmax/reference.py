"""Trusted input generator and reference for softmax."""

from __future__ import annotations

import torch


def generate(
    *,
    seed: int,
    device: str,
    shape: list[int],
    dim: int = -1,
    scale: float = 1.0,
    offset: float = 0.0,
    masked: float = 0.0,
    fill: float | None = None,
    integers: bool = False,
) -> dict[str, torch.Tensor | int]:
    """Keyword arguments for one call, deterministic in ``seed``.

    ``scale`` stretches standard-normal values (1e4 makes a naive exp overflow),
    ``offset`` shifts them (values near 1e4 that lie close together expose
    precision lost by rounding a large intermediate such as logsumexp),
    ``masked`` is the fraction of entries set to -inf (never a whole slice along
    ``dim``, whose softmax would be undefined), ``fill`` makes every entry equal
    and ``integers`` draws small whole numbers for readable examples.
    """
    g = torch.Generator().manual_seed(seed)
    if fill is not None:
        x = torch.full(shape, float(fill))
    elif integers:
        x = torch.randint(-3, 4, shape, generator=g).float()
    else:
        x = torch.randn(shape, generator=g) * scale + offset
    if masked > 0.0 and len(shape) > 0 and -len(shape) <= dim < len(shape):
        mask = torch.rand(shape, generator=g) < masked
        mask.select(dim, 0).fill_(False)  # keep one finite entry per slice
        x = x.masked_fill(mask, float("-inf"))
    return {"x": x.to(device), "dim": dim}


def reference(x: torch.Tensor, dim: int) -> torch.Tensor:
    """Numerically stable softmax along ``dim``."""
    return torch.softmax(x, dim=dim)
