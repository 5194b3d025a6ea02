"""Trusted input generators and references for broadcast-shapes (broadcast_shape,
matmul_shape).

Plain Python: shapes are tuples of non-negative ints. Random shapes are built so that
they are compatible (a result shape first, then each operand made from it by dropping
leading dimensions and turning some sizes into 1); the tests that must raise give their
shapes explicitly. `long` tests use thousands of dimensions: far more than any real
tensor, so that one call does measurable work and the running time can be compared.
"""

from __future__ import annotations

import random

# -- shared helpers -------------------------------------------------------------------


def _sizes(rng: random.Random, n: int, zeros: bool) -> list[int]:
    """n sizes in 1..6 (about one in ten of them 0 when `zeros`)."""
    return [0 if zeros and rng.random() < 0.1 else rng.randint(1, 6) for _ in range(n)]


def _operand(rng: random.Random, full: list[int], ndim: int, ones: float) -> tuple[int, ...]:
    """The last `ndim` sizes of `full`, each replaced by 1 with probability `ones`."""
    tail = full[len(full) - ndim :] if ndim else []
    return tuple(1 if rng.random() < ones else s for s in tail)


def _broadcast(a: tuple[int, ...], b: tuple[int, ...], what: str) -> tuple[int, ...]:
    """Right-aligned broadcasting of two shapes; ValueError naming the first clash."""
    n = max(len(a), len(b))
    pa = (1,) * (n - len(a)) + tuple(a)
    pb = (1,) * (n - len(b)) + tuple(b)
    out = []
    for i, (x, y) in enumerate(zip(pa, pb, strict=False)):
        if x == y or y == 1:
            out.append(x)
        elif x == 1:
            out.append(y)
        else:
            raise ValueError(f"{what}: sizes {x} and {y} clash at dimension {i - n} of {a} and {b}")
    return tuple(out)


# -- broadcast_shape ------------------------------------------------------------------


def generate_broadcast_shape(
    *,
    seed: int,
    device: str,
    a: list[int] | None = None,
    b: list[int] | None = None,
    ndim_a: int = 3,
    ndim_b: int = 3,
    ones: float = 0.3,
    zeros: bool = False,
) -> dict[str, tuple[int, ...]]:
    """Two shapes: given explicitly (`a`, `b`), or compatible random ones with
    `ndim_a` and `ndim_b` dimensions where each size is 1 with probability `ones`."""
    rng = random.Random(seed)
    if a is None or b is None:
        full = _sizes(rng, max(ndim_a, ndim_b), zeros)
        a = list(_operand(rng, full, ndim_a, ones)) if a is None else a
        b = list(_operand(rng, full, ndim_b, ones)) if b is None else b
    return {"a": tuple(a), "b": tuple(b)}


def reference_broadcast_shape(a: tuple[int, ...], b: tuple[int, ...]) -> tuple[int, ...]:
    """The shape of `x + y` for tensors of shapes a and b (as torch.broadcast_shapes)."""
    return _broadcast(a, b, "shapes do not broadcast")


# -- matmul_shape ---------------------------------------------------------------------


def generate_matmul_shape(
    *,
    seed: int,
    device: str,
    a: list[int] | None = None,
    b: list[int] | None = None,
    ndim_a: int = 3,
    ndim_b: int = 3,
    ones: float = 0.3,
    zeros: bool = False,
) -> dict[str, tuple[int, ...]]:
    """Two matmul-compatible shapes with `ndim_a` and `ndim_b` dimensions (each >= 1):
    the batch dimensions broadcast (a batch size is 1 with probability `ones`) and the
    inner sizes agree; or the shapes given explicitly."""
    rng = random.Random(seed)
    if a is None or b is None:
        n, k, m = (rng.randint(1, 9) for _ in range(3))
        if zeros:
            n = 0
        batch = _sizes(rng, max(ndim_a, ndim_b, 2) - 2, zeros)
        ga = (k,) if ndim_a == 1 else (*_operand(rng, batch, ndim_a - 2, ones), n, k)
        gb = (k,) if ndim_b == 1 else (*_operand(rng, batch, ndim_b - 2, ones), k, m)
        a = list(ga) if a is None else a
        b = list(gb) if b is None else b
    return {"a": tuple(a), "b": tuple(b)}


def reference_matmul_shape(a: tuple[int, ...], b: tuple[int, ...]) -> tuple[int, ...]:
    """The shape of torch.matmul(x, y) for tensors of shapes a and b.

    A 1-D a becomes (1, k) and a 1-D b becomes (k, 1); the batch dimensions (all but
    the last two) broadcast; the inner sizes must agree; the dimensions added for 1-D
    operands are removed from the result (1-D @ 1-D gives the 0-dim shape ()).
    """
    if len(a) == 0 or len(b) == 0:
        raise ValueError(f"matmul needs operands with at least one dimension, got {a} and {b}")
    ma = (1, *tuple(a)) if len(a) == 1 else tuple(a)
    mb = (*tuple(b), 1) if len(b) == 1 else tuple(b)
    if ma[-1] != mb[-2]:
        raise ValueError(f"inner sizes differ: {a} @ {b} ({ma[-1]} != {mb[-2]})")
    batch = _broadcast(ma[:-2], mb[:-2], "batch dimensions do not broadcast")
    out = batch
    if len(a) > 1:
        out += (ma[-2],)
    if len(b) > 1:
        out += (mb[-1],)
    return out
