"""Trusted input generators and references for dot-and-matmul (dot, matmul).

The references use only elementwise products and sums, as the learner must: that
keeps the timing comparison honest (a BLAS call would be another league) while the
results stay within the stated tolerances of a float64 evaluation.
"""

from __future__ import annotations

import torch


def _draw(g: torch.Generator, shape: list[int], scale: float, integers: bool) -> torch.Tensor:
    if integers:
        return torch.randint(-4, 5, tuple(shape), generator=g).float()
    return torch.randn(tuple(shape), generator=g) * scale


def generate_dot(
    *,
    seed: int,
    device: str,
    n: int,
    n_b: int | None = None,
    matrix: bool = False,
    scale: float = 1.0,
    zero: bool = False,
    integers: bool = False,
) -> dict[str, torch.Tensor]:
    """Two 1-D vectors of length n (b of length n_b when given: a ValueError test).

    `matrix` makes both (n, 2) matrices instead (also a ValueError test); `zero`
    zeroes a; `integers` draws small whole numbers for readable examples.
    """
    g = torch.Generator().manual_seed(seed)
    shape_a = [n, 2] if matrix else [n]
    shape_b = [n if n_b is None else n_b] + ([2] if matrix else [])
    a = _draw(g, shape_a, scale, integers)
    b = _draw(g, shape_b, scale, integers)
    if zero:
        a.zero_()
    return {"a": a.to(device), "b": b.to(device)}


def reference_dot(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """sum_i a_i b_i as a 0-dim tensor."""
    if a.dim() != 1 or b.dim() != 1:
        raise ValueError(f"dot needs two 1-D tensors, got {a.dim()}-D and {b.dim()}-D")
    if a.shape[0] != b.shape[0]:
        raise ValueError(f"dot needs equal lengths, got {a.shape[0]} and {b.shape[0]}")
    return (a * b).sum()


def generate_matmul(
    *,
    seed: int,
    device: str,
    a_shape: list[int],
    b_shape: list[int],
    scale: float = 1.0,
    integers: bool = False,
) -> dict[str, torch.Tensor]:
    """a of a_shape and b of b_shape (shapes may be incompatible: ValueError tests)."""
    g = torch.Generator().manual_seed(seed)
    a = _draw(g, a_shape, scale, integers)
    b = _draw(g, b_shape, scale, integers)
    return {"a": a.to(device), "b": b.to(device)}


def reference_matmul(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """(..., M, K) x (..., K, N) -> (broadcast batch, M, N) without any matrix-product API."""
    if a.dim() < 2 or b.dim() < 2:
        raise ValueError("matmul needs tensors with at least 2 dimensions")
    if a.shape[-1] != b.shape[-2]:
        raise ValueError(f"inner dimensions differ: {tuple(a.shape)} and {tuple(b.shape)}")
    try:
        batch = torch.broadcast_shapes(a.shape[:-2], b.shape[:-2])
    except RuntimeError as exc:
        raise ValueError(f"batch dimensions do not broadcast: {tuple(a.shape)} and {tuple(b.shape)}") from exc
    del batch
    # (..., M, K, 1) * (..., 1, K, N) -> (..., M, K, N), summed over K.
    return (a.unsqueeze(-1) * b.unsqueeze(-3)).sum(dim=-2)
