"""Trusted input generator, reference and checker for ffn-residual-dropout."""

from __future__ import annotations

import math

import torch

ATOL = 1.1e-4  # as problem.yaml: one unit in the 4th decimal, plus float slack
RTOL = 1.0e-5


def generate(
    *,
    seed: int,
    device: str,
    n: int,
    d: int,
    d_ff: int,
    p: float,
    scale: float = 1.0,
    decimals: int | None = None,
) -> dict[str, torch.Tensor | float]:
    """One call's arguments, deterministic in ``seed``.

    Weights are drawn like nn.Linear's (std 1/sqrt(fan_in)) so h stays O(1);
    ``scale`` multiplies x only. keep_mask keeps each entry with probability
    1 - p, as a dropout layer would draw it (all True when p = 0).
    ``decimals`` rounds x, weights and biases for readable examples.
    """
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, d, generator=g) * scale
    w1 = torch.randn(d, d_ff, generator=g) / math.sqrt(d)
    b1 = torch.randn(d_ff, generator=g) * 0.1
    w2 = torch.randn(d_ff, d, generator=g) / math.sqrt(d_ff)
    b2 = torch.randn(d, generator=g) * 0.1
    keep_mask = torch.rand(n, d, generator=g) >= p
    if decimals is not None:
        x, w1, b1, w2, b2 = (t.round(decimals=decimals) for t in (x, w1, b1, w2, b2))
    return {
        "x": x.to(device),
        "w1": w1.to(device),
        "b1": b1.to(device),
        "w2": w2.to(device),
        "b2": b2.to(device),
        "keep_mask": keep_mask.to(device),
        "p": float(p),
    }


def reference(
    x: torch.Tensor,
    w1: torch.Tensor,
    b1: torch.Tensor,
    w2: torch.Tensor,
    b2: torch.Tensor,
    keep_mask: torch.Tensor,
    p: float,
) -> torch.Tensor:
    """x + dropout(FFN(x)) with the given mask and inverted scaling, rounded to 4 decimals."""
    h = torch.relu(x @ w1 + b1) @ w2 + b2
    out = x + h * keep_mask / (1.0 - p)
    return torch.round(out, decimals=4)


def _where(flat: int, shape: torch.Size) -> tuple[int, ...]:
    return tuple(int(i) for i in torch.unravel_index(torch.tensor(flat), shape))


def check(inputs: dict, got: object, expected: torch.Tensor) -> str | None:
    """allclose with the problem's tolerance, then: every value is on the 1e-4 grid.

    The tolerance (1.1e-4) must accept a last digit flipped by float rounding,
    which would also accept an output that was never rounded; so each value must
    in addition lie within one float32 spacing of a multiple of 0.0001 (a
    correctly rounded float32 value is within half a spacing; an unrounded one
    is, for almost every element, tens of spacings away).
    """
    if not isinstance(got, torch.Tensor):
        return f"output: expected a tensor of shape {tuple(expected.shape)}, got {type(got).__name__}"
    if got.shape != expected.shape:
        return f"output: shape mismatch: expected {tuple(expected.shape)}, got {tuple(got.shape)}"
    if got.dtype != expected.dtype:
        return f"output: dtype mismatch: expected {expected.dtype}, got {got.dtype}"
    exp = expected.detach().to("cpu", torch.float64)
    out32 = got.detach().to("cpu")
    out = out32.to(torch.float64)
    finite = torch.isfinite(out)
    if not bool(finite.all()):
        i = int((~finite).flatten().nonzero()[0])
        count, where = int((~finite).sum()), _where(i, got.shape)
        return f"output: {count} values are NaN or infinite; first at {where}: got {out.flatten()[i].item()}"
    diff = (out - exp).abs()
    over = diff > ATOL + RTOL * exp.abs()
    if bool(over.any()):
        i = int(diff.flatten().argmax())
        return (
            f"output: {int(over.sum())} of {exp.numel()} values outside atol={ATOL:g}, rtol={RTOL:g}; "
            f"max abs error {diff.flatten()[i].item():.6g} at {_where(i, got.shape)} "
            f"(expected {exp.flatten()[i].item():.6g}, got {out.flatten()[i].item():.8g})"
        )
    magnitude = out32.abs()
    spacing = (torch.nextafter(magnitude, torch.full_like(magnitude, math.inf)) - magnitude).to(torch.float64)
    nearest = torch.round(out * 1e4) / 1e4
    off = (out - nearest).abs() > spacing
    if bool(off.any()):
        i = int(off.flatten().nonzero()[0])
        return (
            f"output: {int(off.sum())} of {exp.numel()} values are not rounded to 4 decimal places; "
            f"first at {_where(i, got.shape)}: got {out.flatten()[i].item():.8g}, "
            f"expected {exp.flatten()[i].item():.4f}"
        )
    return None
