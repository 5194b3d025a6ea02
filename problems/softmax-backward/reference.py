"""Trusted input generator and reference for softmax-backward."""

from __future__ import annotations

import torch


def generate(
    *,
    seed: int,
    device: str,
    shape: list[int],
    dim: int = -1,
    scale: float = 1.0,
    grad_scale: float = 1.0,
    integers: bool = False,
) -> dict[str, torch.Tensor | int]:
    """y = softmax(x) along ``dim`` for random logits x, and an upstream gradient.

    ``scale`` stretches the logits: 1e4 saturates every slice into an exact one-hot
    y (entries exactly 0.0 and 1.0). ``grad_scale`` stretches grad_y.
    ``integers`` draws small whole-number logits and gradients for readable
    examples. An out-of-range ``dim`` is kept for the IndexError test; y is then
    computed along the last dimension.
    """
    g = torch.Generator().manual_seed(seed)
    if integers:
        x = torch.randint(-2, 3, shape, generator=g).float()
        grad_y = torch.randint(-3, 4, shape, generator=g).float()
    else:
        x = torch.randn(shape, generator=g) * scale
        grad_y = torch.randn(shape, generator=g) * grad_scale
    valid = -len(shape) <= dim < len(shape)
    y = torch.softmax(x, dim=dim if valid else -1)
    return {"y": y.to(device), "grad_y": grad_y.to(device), "dim": dim}


def reference(y: torch.Tensor, grad_y: torch.Tensor, dim: int = -1) -> torch.Tensor:
    """Vector-Jacobian product of softmax: y * (grad_y - sum(grad_y * y) along dim)."""
    dot = (grad_y * y).sum(dim=dim, keepdim=True)
    return y * (grad_y - dot)
