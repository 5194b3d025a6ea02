"""Trusted input generator and reference for batchnorm2d (training-mode BatchNorm2d on (N, C, H, W))."""

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
    """x of shape (N, C, H, W), gamma and beta of shape (C,), and eps.

    ``scale``/``offset`` stretch and shift standard-normal values (1000 +- 10
    exposes the one-pass variance E[x^2] - E[x]^2). ``spread`` gives every
    channel its own mean (N(0, 3^2)) and spread (10^U(-1, 1)), so statistics
    pooled over channels are far off. ``constant`` is the fraction of channels
    that hold one value everywhere (quarter-integers: the float32 mean is exact).
    ``integers`` draws small whole numbers for readable examples. gamma and beta
    are random and non-trivial so that skipping them fails.
    """
    g = torch.Generator().manual_seed(seed)
    n, c, h, w = shape
    if integers:
        x = torch.randint(-4, 5, (n, c, h, w), generator=g).float()
        gamma = torch.randint(1, 3, (c,), generator=g).float()
        beta = torch.randint(-1, 2, (c,), generator=g).float()
    else:
        x = torch.randn(n, c, h, w, generator=g) * scale + offset
        if spread:
            mean = 3.0 * torch.randn(c, 1, 1, generator=g)
            std = 10.0 ** (2.0 * torch.rand(c, 1, 1, generator=g) - 1.0)
            x = torch.randn(n, c, h, w, generator=g) * std + mean
        if constant > 0.0:
            flat = torch.rand(c, generator=g) < constant
            flat[0] = True  # at least one constant channel
            values = torch.randint(-8, 9, (c,), generator=g) / 4.0
            x = torch.where(flat.view(1, c, 1, 1), values.view(1, c, 1, 1).expand(n, c, h, w), x)
        gamma = 1.0 + 0.5 * torch.randn(c, generator=g)
        beta = 0.5 * torch.randn(c, generator=g)
    return {"x": x.to(device), "gamma": gamma.to(device), "beta": beta.to(device), "eps": float(eps)}


def reference(x: torch.Tensor, gamma: torch.Tensor, beta: torch.Tensor, eps: float = 1e-5) -> torch.Tensor:
    """Per-channel mean and biased variance over (N, H, W), then scale and shift per channel."""
    dims = (0, 2, 3)
    mean = x.mean(dim=dims, keepdim=True)
    centered = x - mean
    var = (centered * centered).mean(dim=dims, keepdim=True)  # biased: divide by N*H*W
    scale = gamma.view(1, -1, 1, 1) * torch.rsqrt(var + eps)
    return centered * scale + beta.view(1, -1, 1, 1)
