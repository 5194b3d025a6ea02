"""Trusted input generator and reference for batchnorm (training-mode BatchNorm1d on (N, C))."""

import torch


def generate(
    *,
    seed: int,
    device: str,
    shape: list[int],
    eps: float = 1e-5,
    scale: float = 1.0,
    offset: float = 0.0,
    spread: bool = False,
    constant: float = 0.0,
    integers: bool = False,
) -> dict[str, torch.Tensor | float]:
    """x of shape (N, C), gamma and beta of shape (C,), and eps.

    ``scale``/``offset`` stretch and shift standard-normal values (1000 +- 10
    exposes the one-pass variance E[x^2] - E[x]^2). ``spread`` gives every
    feature its own mean (N(0, 3^2)) and its own spread (10^U(-1, 1)), so a
    variance pooled over all elements, or statistics taken along the wrong
    dimension, are far off. ``constant`` is the fraction of features whose
    column is constant (zero variance): quarter-integers, so the float32 mean is
    exactly the value. ``integers`` draws small whole numbers for readable
    examples. gamma and beta are random and non-trivial so that skipping them fails.
    """
    g = torch.Generator().manual_seed(seed)
    n, c = shape
    if integers:
        x = torch.randint(-4, 5, (n, c), generator=g).float()
        gamma = torch.randint(1, 3, (c,), generator=g).float()
        beta = torch.randint(-1, 2, (c,), generator=g).float()
    else:
        x = torch.randn(n, c, generator=g) * scale + offset
        if spread:
            mean = 3.0 * torch.randn(c, generator=g)
            std = 10.0 ** (2.0 * torch.rand(c, generator=g) - 1.0)
            x = torch.randn(n, c, generator=g) * std + mean
        if constant > 0.0:
            flat = torch.rand(c, generator=g) < constant
            flat[0] = True  # at least one constant feature
            values = torch.randint(-8, 9, (c,), generator=g) / 4.0
            x = torch.where(flat, values.expand(n, c), x)
        gamma = 1.0 + 0.5 * torch.randn(c, generator=g)
        beta = 0.5 * torch.randn(c, generator=g)
    return {"x": x.to(device), "gamma": gamma.to(device), "beta": beta.to(device), "eps": float(eps)}


def reference(x: torch.Tensor, gamma: torch.Tensor, beta: torch.Tensor, eps: float = 1e-5) -> torch.Tensor:
    """Per-feature batch mean and biased batch variance over dim 0, then scale and shift."""
    mean = x.mean(dim=0)
    centered = x - mean
    var = (centered * centered).mean(dim=0)  # biased: divide by N
    return centered * torch.rsqrt(var + eps) * gamma + beta
