"""Trusted input generator, reference class and checker for dropout.

Masks are random, so no two correct solutions agree element by element: `check` judges
the learner's results on their own terms (every element either dropped to exactly 0 or
scaled by 1/(1-p), the keep rate close to 1-p, backward reusing the forward's mask,
evaluation mode the identity) and never compares them with the reference's values.
"""

from __future__ import annotations

import math
from typing import Any

import torch

RTOL = 1e-6  # kept values and gradients: x / (1 - p) up to a few float32 roundings
SIGMAS = 4.0  # the pooled keep count may stray this many standard deviations (+1 element)
MIN_DIFFERENT = 20.0  # expected number of mask differences before two masks must differ

STEPS = [  # (key in the driver's result, what it is, the input it transforms)
    ("forward1", "forward 1 (training, the default)", "x1"),
    ("backward1", "backward 1", "grad1"),
    ("forward2", "forward 2 (training=True)", "x2"),
    ("backward2", "backward 2", "grad2"),
    ("eval_forward", "forward 3 (training=False)", "x3"),
    ("eval_backward", "backward 3 (after the evaluation forward)", "grad3"),
]


def _nonzero(g: torch.Generator, shape: tuple[int, ...], scale: float, decimals: int | None) -> torch.Tensor:
    """Normal values pushed at least 0.1 * scale away from zero (so a dropped element,
    exactly 0, is never confused with a kept one), optionally rounded."""
    r = torch.randn(shape, generator=g)
    sign = torch.where(r < 0, -1.0, 1.0)
    x = sign * (r.abs() + 0.1) * scale
    if decimals is not None:
        x = x.round(decimals=decimals)
    return x


def generate(
    *,
    seed: int,
    device: str,
    shape: list[int],
    p: float,
    scale: float = 1.0,
    decimals: int | None = None,
) -> dict[str, Any]:
    """Three inputs and three upstream gradients of the same shape, none of them 0."""
    g = torch.Generator().manual_seed(seed)
    size = tuple(shape)
    made: dict[str, Any] = {"p": p}
    for i in (1, 2, 3):
        made[f"x{i}"] = _nonzero(g, size, scale, decimals).to(device)
        made[f"grad{i}"] = _nonzero(g, size, 1.0, decimals).to(device)
    return made


class Dropout:
    """Inverted dropout with a hand-written backward."""

    def __init__(self, p: float) -> None:
        if not 0.0 <= p < 1.0:
            raise ValueError(f"p must be in [0, 1), got {p}")
        self.p = p
        self.scaled_mask: torch.Tensor | None = None  # 0 or 1/(1-p) per element; None: identity

    def forward(self, x: torch.Tensor, training: bool = True) -> torch.Tensor:
        if not training:
            self.scaled_mask = None
            return x.clone()
        keep = torch.rand(x.shape, device=x.device) >= self.p  # True with probability 1 - p
        self.scaled_mask = keep.to(x.dtype) / (1.0 - self.p)
        return x * self.scaled_mask

    def backward(self, grad: torch.Tensor) -> torch.Tensor:
        if self.scaled_mask is None:
            return grad.clone()
        return grad * self.scaled_mask


reference = Dropout  # the driver builds the reference from this name


def _where(flat_index: int, shape: tuple[int, ...]) -> str:
    coords = []
    for size in reversed(shape):
        coords.append(flat_index % size)
        flat_index //= size
    return "(" + ", ".join(str(c) for c in reversed(coords)) + ("," if len(coords) == 1 else "") + ")"


def _close(got: torch.Tensor, want: torch.Tensor, where: torch.Tensor) -> int | None:
    """The first flat index (among `where`) whose value is not want within RTOL."""
    bad = where & ~((got - want).abs() <= RTOL * want.abs())  # NaN counts as wrong
    idx = bad.reshape(-1).nonzero()
    return int(idx[0]) if len(idx) else None


def _structure(got: Any, expected: dict[str, torch.Tensor]) -> str | None:
    if not isinstance(got, dict) or set(got) != set(expected):
        return "the driver's result is incomplete (did forward or backward return nothing?)"
    for key, label, _ in STEPS:
        want, have = expected[key], got[key]
        if not isinstance(have, torch.Tensor):
            return f"{label} must return a tensor, got {type(have).__name__}"
        if tuple(have.shape) != tuple(want.shape):
            return f"{label}: expected shape {tuple(want.shape)}, got {tuple(have.shape)}"
        if have.dtype != want.dtype:
            return f"{label}: expected dtype {want.dtype}, got {have.dtype}"
    return None


def _training_step(inputs: dict[str, Any], got: dict[str, Any], step: int) -> tuple[str | None, torch.Tensor]:
    """Check forward `step` (1 or 2) and the backward after it; return the kept mask."""
    p = inputs["p"]
    x = inputs[f"x{step}"].double()
    grad = inputs[f"grad{step}"].double()
    y = got[f"forward{step}"].double()
    dx = got[f"backward{step}"].double()
    shape = tuple(x.shape)
    f_label, b_label = STEPS[2 * step - 2][1], STEPS[2 * step - 1][1]
    kept = y != 0  # x holds no zeros, so a zero output is a dropped element
    if (i := _close(y, x / (1.0 - p), kept)) is not None:
        return (f"{f_label}: element {_where(i, shape)} was kept but is {y.reshape(-1)[i].item():.7g}; a kept "
                f"element must be x / (1 - p) = {(x.reshape(-1)[i] / (1 - p)).item():.7g} "
                f"(x = {x.reshape(-1)[i].item():.7g}, p = {p:g})"), kept
    dropped_bad = (~kept & (dx != 0)).reshape(-1).nonzero()
    if len(dropped_bad):
        i = int(dropped_bad[0])
        return (f"{b_label}: element {_where(i, shape)} was dropped by the forward just before (output 0) but its "
                f"gradient is {dx.reshape(-1)[i].item():.7g}, not 0: backward must reuse the mask of the last "
                "forward"), kept
    if (i := _close(dx, grad / (1.0 - p), kept)) is not None:
        wanted = (grad.reshape(-1)[i] / (1 - p)).item()
        return (f"{b_label}: element {_where(i, shape)} was kept by the forward just before, so its gradient must "
                f"be grad / (1 - p) = {wanted:.7g}; got {dx.reshape(-1)[i].item():.7g}"), kept
    return None, kept


def check(inputs: dict[str, Any], got: Any, expected: Any) -> str | None:
    """None when the learner's six results are a valid dropout run; else what is wrong."""
    if (problem := _structure(got, expected)) is not None:
        return problem
    got = {k: v.detach().to("cpu") for k, v in got.items()}
    masks = []
    for step in (1, 2):
        problem, kept = _training_step(inputs, got, step)
        if problem is not None:
            return problem
        masks.append(kept)
    p = inputs["p"]
    n = sum(m.numel() for m in masks)
    kept_count = sum(int(m.sum()) for m in masks)
    mean, sigma = n * (1.0 - p), math.sqrt(n * p * (1.0 - p))
    if abs(kept_count - mean) > SIGMAS * sigma + 1.0:
        return (f"the two training forwards kept {kept_count} of {n} elements ({kept_count / n:.4f}); with p = {p:g} "
                f"each element is kept with probability 1 - p = {1 - p:g}, so about {mean:.1f} "
                f"(+- {SIGMAS:g} standard deviations = {SIGMAS * sigma:.1f}) are expected")
    per_mask = masks[0].numel()
    if per_mask * 2.0 * p * (1.0 - p) >= MIN_DIFFERENT and torch.equal(masks[0], masks[1]):
        return ("the two training forwards dropped exactly the same elements: draw a new random mask on every "
                "training forward (backward reuses the last one; the next forward does not)")
    for key, label, source in STEPS[4:]:
        want = inputs[source].double()
        have = got[key].double()
        everywhere = torch.ones_like(want, dtype=torch.bool)
        if (i := _close(have, want, everywhere)) is not None:
            what = "x3" if source == "x3" else "grad3"
            return (f"{label} must return {what} unchanged (evaluation mode drops nothing and does not scale); at "
                    f"{_where(i, tuple(want.shape))} expected {want.reshape(-1)[i].item():.7g}, got "
                    f"{have.reshape(-1)[i].item():.7g}")
    return None
