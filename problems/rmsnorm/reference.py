"""Trusted input generator and reference for rmsnorm."""

import torch


def generate(
    *,
    seed: int,
    device: str,
    shape: list[int],
    eps: float = 1e-6,
    scale: float = 1.0,
    zero_rows: float = 0.0,
    integers: bool = False,
) -> dict[str, torch.Tensor | float]:
    """x of the given shape (..., C), weight of shape (C,), and eps.

    ``scale`` stretches standard-normal values (1e-3 makes eps matter: its
    placement and its value change the result). ``zero_rows`` is the fraction of
    rows (vectors along the last dimension) set to exactly zero, whose output is
    zero (0 / sqrt(eps)); at least one row is zeroed when it is positive.
    ``integers`` draws small whole numbers for readable examples. The weight is
    random and non-trivial so that skipping it fails.
    """
    g = torch.Generator().manual_seed(seed)
    c = shape[-1]
    if integers:
        x = torch.randint(-3, 4, shape, generator=g).float()
        weight = torch.randint(1, 3, (c,), generator=g).float()
    else:
        x = torch.randn(shape, generator=g) * scale
        weight = 1.0 + 0.5 * torch.randn(c, generator=g)
    if zero_rows > 0.0:
        rows = x.reshape(-1, c)
        pick = torch.rand(rows.shape[0], generator=g) < zero_rows
        pick[0] = True
        x = rows.masked_fill(pick[:, None], 0.0).reshape(shape)
    return {"x": x.to(device), "weight": weight.to(device), "eps": float(eps)}


def reference(x: torch.Tensor, weight: torch.Tensor, eps: float = 1e-6) -> torch.Tensor:
    """x divided by the root mean square of its last dimension (eps inside the root), times weight."""
    return x * torch.rsqrt(x.pow(2).mean(dim=-1, keepdim=True) + eps) * weight
