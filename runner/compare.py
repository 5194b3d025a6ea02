"""The checker: does the user's output match the reference's, and if not, why."""

from __future__ import annotations

import math
from typing import Any

import torch

from runner.problem import Tolerance


def _where(index: int, shape: torch.Size) -> str:
    if len(shape) == 0:
        return "()"
    coords = []
    for size in reversed(shape):
        coords.append(index % size)
        index //= size
    coords.reverse()
    return f"({coords[0]},)" if len(coords) == 1 else "(" + ", ".join(map(str, coords)) + ")"


def _num(value: float) -> str:
    return f"{value:.6g}"


def _compare_tensor(expected: torch.Tensor, got: Any, tol: Tolerance, what: str) -> str | None:
    if not isinstance(got, torch.Tensor):
        return f"{what}: expected a tensor of shape {tuple(expected.shape)}, got {type(got).__name__}"
    if got.shape != expected.shape:
        return f"{what}: shape mismatch: expected {tuple(expected.shape)}, got {tuple(got.shape)}"
    if got.dtype != expected.dtype:
        return f"{what}: dtype mismatch: expected {expected.dtype}, got {got.dtype}"
    exp = expected.detach().to("cpu").reshape(-1)
    out = got.detach().to("cpu").reshape(-1)
    if torch.equal(exp, out):  # the common exact case, without the passes below
        return None
    if not (exp.is_floating_point() or exp.is_complex()):
        wrong = (exp != out).nonzero()
        if len(wrong) == 0:
            return None
        i = int(wrong[0])
        return (
            f"{what}: {len(wrong)} of {exp.numel()} values differ; first at "
            f"{_where(i, expected.shape)}: expected {exp[i].item()}, got {out[i].item()}"
        )
    exp64, out64 = exp.double(), out.double()
    exp_nan, out_nan = torch.isnan(exp64), torch.isnan(out64)
    bad = (exp_nan != out_nan).nonzero()
    if len(bad):
        i = int(bad[0])
        return (
            f"{what}: NaN positions differ at {len(bad)} places; first at "
            f"{_where(i, expected.shape)}: expected {_num(exp64[i].item())}, got {_num(out64[i].item())}"
        )
    exp_inf, out_inf = torch.isinf(exp64), torch.isinf(out64)
    bad = ((exp_inf | out_inf) & ~((exp64 == out64) & exp_inf)).nonzero()
    if len(bad):
        i = int(bad[0])
        return (
            f"{what}: infinity mismatch at {len(bad)} positions; first at "
            f"{_where(i, expected.shape)}: expected {_num(exp64[i].item())}, got {_num(out64[i].item())}"
        )
    finite = ~(exp_nan | exp_inf)
    diff = torch.where(finite, (out64 - exp64).abs(), torch.zeros_like(exp64))
    allowed = tol.atol + tol.rtol * exp64.abs()
    over = diff > allowed
    if not bool(over.any()):
        return None
    rel = diff / exp64.abs().clamp_min(1e-12)
    rel = torch.where(over, rel, torch.zeros_like(rel))
    ia, ir = int(diff.argmax()), int(rel.argmax())
    return (
        f"{what}: {int(over.sum())} of {exp.numel()} values outside atol={tol.atol:g}, rtol={tol.rtol:g}; "
        f"max abs error {_num(diff[ia].item())} at {_where(ia, expected.shape)} "
        f"(expected {_num(exp64[ia].item())}, got {_num(out64[ia].item())}); "
        f"max rel error {_num(rel[ir].item())} at {_where(ir, expected.shape)}"
    )


def compare(expected: Any, got: Any, tol: Tolerance, what: str = "output") -> str | None:
    """None when `got` matches `expected`; else a message naming where and how."""
    if isinstance(expected, torch.Tensor):
        return _compare_tensor(expected, got, tol, what)
    if isinstance(expected, bool) or expected is None or isinstance(expected, str):
        if type(got) is not type(expected) or got != expected:
            return f"{what}: expected {expected!r}, got {_short(got)}"
        return None
    if isinstance(expected, int):
        if isinstance(got, (torch.Tensor, bool)) or not isinstance(got, int):
            return f"{what}: expected the int {expected}, got {_short(got)}"
        return None if got == expected else f"{what}: expected {expected}, got {got}"
    if isinstance(expected, float):
        if isinstance(got, bool) or not isinstance(got, (int, float)):
            return f"{what}: expected a float, got {_short(got)}"
        if math.isnan(expected) and math.isnan(got):
            return None
        if abs(got - expected) <= tol.atol + tol.rtol * abs(expected):
            return None
        return f"{what}: expected {_num(expected)}, got {_num(got)} (abs error {_num(abs(got - expected))})"
    if isinstance(expected, (tuple, list)):
        if not isinstance(got, (tuple, list)):
            return f"{what}: expected a {type(expected).__name__} of {len(expected)}, got {_short(got)}"
        if len(got) != len(expected):
            return f"{what}: expected {len(expected)} items, got {len(got)}"
        for i, (e, g) in enumerate(zip(expected, got, strict=True)):
            if (msg := compare(e, g, tol, f"{what}[{i}]")) is not None:
                return msg
        return None
    if isinstance(expected, dict):
        if not isinstance(got, dict):
            return f"{what}: expected a dict with keys {sorted(expected)}, got {_short(got)}"
        if set(got) != set(expected):
            return f"{what}: expected keys {sorted(expected)}, got {sorted(got, key=str)}"
        for key, e in expected.items():
            if (msg := compare(e, got[key], tol, f"{what}[{key!r}]")) is not None:
                return msg
        return None
    raise TypeError(f"the reference returned an unsupported {type(expected).__name__}")


def unchanged(before: Any, after: Any, what: str) -> str | None:
    """None when an input is bit-for-bit as it was; else how the call modified it."""
    exact = Tolerance(atol=0.0, rtol=0.0)
    msg = compare(before, after, exact, what)
    return None if msg is None else f"the call modified its input: {msg}"


def _short(value: Any) -> str:
    if isinstance(value, torch.Tensor):
        return f"a tensor of shape {tuple(value.shape)} and dtype {value.dtype}"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
