"""Trusted input generator and reference for layernorm."""

from __future__ import annotations

import torch
import torch.nn.functional as F


def generate(
    *,
    seed: int,
    device: str,
    shape: list[int],
    eps: float = 1e-5,
    scale: float = 1.0,
    offset: float = 0.0,
    constant: bool = False,
    integers: bool = False,
) -> dict[str, torch.Tensor | float]:
    """Keyword arguments for one call, deterministic in ``seed``.

    ``x`` is ``randn * scale + offset`` (a large ``offset`` relative to
    ``scale`` punishes the one-pass E[x^2] - E[x]^2 variance), ``constant``
    makes every row one repeated value (zero variance: only eps keeps the
    division finite; use a power-of-two width so the mean is exact),
    ``integers`` draws small whole numbers for readable examples. ``gamma``
    and ``beta`` are random and non-trivial so that skipping them fails.
    """
    g = torch.Generator().manual_seed(seed)
    c = shape[-1]
    if integers:
        x = torch.randint(-4, 5, shape, generator=g).float()
        gamma = torch.randint(1, 3, (c,), generator=g).float()
        beta = torch.randint(-1, 2, (c,), generator=g).float()
    else:
        if constant:
            # Quarter-integers: every float32 sum of them is exact, so the row
            # mean is exactly the value and x - mean is exactly zero.
            per_row = torch.randint(-8, 9, (*shape[:-1], 1), generator=g) / 4.0
            x = per_row.expand(shape).contiguous()
        else:
            x = torch.randn(shape, generator=g) * scale + offset
        gamma = 1.0 + 0.5 * torch.randn(c, generator=g)
        beta = 0.5 * torch.randn(c, generator=g)
    return {
        "x": x.to(device),
        "gamma": gamma.to(device),
        "beta": beta.to(device),
        "eps": float(eps),
    }


def reference(x: torch.Tensor, gamma: torch.Tensor, beta: torch.Tensor, eps: float = 1e-5) -> torch.Tensor:
    """Layer normalisation over the last dimension with the biased variance."""
    return F.layer_norm(x, (x.shape[-1],), gamma, beta, eps)
