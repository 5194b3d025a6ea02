"""Trusted input generator and reference for matmul."""

from __future__ import annotations

import torch


def generate(
    *, seed: int, device: str, m: int, k: int, n: int, scale: float = 1.0, integers: bool = False
) -> dict[str, torch.Tensor]:
    """a (m, k) and b (k, n), standard normal times `scale` (small whole numbers with `integers`)."""
    g = torch.Generator().manual_seed(seed)
    if integers:
        a = torch.randint(-3, 4, (m, k), generator=g).float()
        b = torch.randint(-3, 4, (k, n), generator=g).float()
    else:
        a = torch.randn(m, k, generator=g) * scale
        b = torch.randn(k, n, generator=g) * scale
    return {"a": a.to(device), "b": b.to(device)}


def reference(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """The float32 matrix product (full float32 on GPUs: torch leaves TF32 off for matmul)."""
    return torch.matmul(a, b)
