"""Trusted input generator, timing variation and reference for sample-next-token.

The answer is a discrete index, so a rounding difference could flip it when u lies
exactly on a step of the cumulative distribution. Inputs are drawn so that never
happens: every u lies at least 1e-4 away from every cumulative step (computed in
float64), far more than float32 rounding moves a step for V <= 4096 and
|logits / temperature| <= 210, so float32 and float64 solutions give the same answer.
"""

from __future__ import annotations

import torch

GAP = 1e-4  # minimum distance between u and any cumulative step


def _kept(logits: torch.Tensor, top_k: int | None) -> torch.Tensor:
    """Boolean (B, V) mask of the top_k largest logits per row; ties: lower index wins."""
    vocab = logits.shape[-1]
    if top_k is None or top_k >= vocab:
        return torch.ones_like(logits, dtype=torch.bool)
    # A stable descending sort keeps equal values in index order, so among tied
    # logits at the boundary the lower indices come first and are kept.
    order = torch.sort(logits, dim=-1, descending=True, stable=True).indices
    keep = torch.zeros_like(logits, dtype=torch.bool)
    keep.scatter_(-1, order[:, :top_k], True)
    return keep


def _draw_u(logits: torch.Tensor, temperature: float, top_k: int | None, g: torch.Generator) -> torch.Tensor:
    """One u per row in [0, 1), at least GAP away from every cumulative step.

    Row by row: pick a kept token with probability proportional to p among those
    whose step is wide enough (p > 2 GAP, plus a margin), then draw u uniformly
    inside the open interval (cum_before + GAP, cum_after - GAP). For temperature 0
    any u will do (the answer is the argmax).
    """
    rows = logits.shape[0]
    if temperature == 0:
        return torch.rand(rows, generator=g)
    x = logits.double().cpu()
    keep = _kept(x, top_k)
    p = torch.softmax((x / temperature).masked_fill(~keep, float("-inf")), dim=-1)
    cum = p.cumsum(dim=-1)
    before = cum - p
    wide = p > 2 * GAP + 1e-6
    weights = torch.where(wide, p, torch.zeros_like(p))
    pick = torch.multinomial(weights, 1, generator=g).squeeze(-1)
    r = torch.arange(rows)
    lo, hi = before[r, pick] + GAP, cum[r, pick] - GAP
    u = lo + (hi - lo) * torch.rand(rows, generator=g, dtype=torch.float64)
    return u.float()


def generate(
    *,
    seed: int,
    device: str,
    batch: int,
    vocab: int,
    temperature: float = 1.0,
    top_k: int | None = None,
    scale: float = 1.0,
    offset: float = 0.0,
    integers: int | None = None,
    decimals: int | None = None,
) -> dict[str, torch.Tensor | float | int | None]:
    """Logits (batch, vocab), the sampling settings and one u per row.

    ``integers`` n draws whole-number logits in [0, n): many ties, at the top-k
    boundary and at the maximum. Otherwise logits are N(offset, scale^2);
    ``decimals`` rounds them for readable visible examples. A top_k below 1 is
    passed through for the ValueError tests.
    """
    g = torch.Generator().manual_seed(seed)
    if integers is not None:
        logits = torch.randint(0, integers, (batch, vocab), generator=g).float()
    else:
        # Clamped at 4 standard deviations, so |logits / temperature| stays within the
        # stated bound (offset 100 at temperature 0.5: at most 208).
        logits = torch.randn(batch, vocab, generator=g).clamp(-4.0, 4.0) * scale + offset
        if decimals is not None:
            logits = logits.round(decimals=decimals) + 0.0  # + 0.0 turns -0.0 into 0.0
    valid_k = top_k is None or top_k >= 1
    u = _draw_u(logits, temperature, top_k if valid_k else None, g)
    return {"logits": logits.to(device), "temperature": temperature, "top_k": top_k, "u": u.to(device)}


def vary(inputs: dict, generator: torch.Generator) -> dict:
    """Fresh inputs for one timed call: logits scaled by (1 + ~1% noise) unless they
    are whole numbers (ties must survive), and u redrawn for the new logits so that it
    stays GAP away from every cumulative step (plain noise on u could not promise that)."""
    logits = inputs["logits"]
    cpu = logits.detach().cpu()
    if not torch.equal(cpu, cpu.round()):
        noise = 1.0 + 0.01 * torch.randn(cpu.shape, generator=generator)
        cpu = (cpu * noise).clamp(cpu.min(), cpu.max())
    u = _draw_u(cpu, inputs["temperature"], inputs["top_k"], generator)
    return {**inputs, "logits": cpu.to(logits.device), "u": u.to(inputs["u"].device)}


def reference(
    logits: torch.Tensor, temperature: float, top_k: int | None, u: torch.Tensor
) -> torch.Tensor:
    """Inverse-CDF sampling of top-k, temperature-scaled softmax; int64 (B,)."""
    if top_k is not None and top_k < 1:
        raise ValueError(f"top_k must be at least 1 (or None), got {top_k}")
    if temperature == 0:
        return torch.argmax(logits, dim=-1)  # the first maximum: lower index on ties
    keep = _kept(logits, top_k)
    scaled = (logits / temperature).masked_fill(~keep, float("-inf"))
    probs = torch.softmax(scaled, dim=-1)
    cum = torch.cumsum(probs, dim=-1)
    above = cum > u.unsqueeze(-1)
    first = torch.argmax(above.to(torch.int8), dim=-1)  # first True
    # If rounding leaves no cumulative value above u: the last kept index.
    vocab = logits.shape[-1]
    last_kept = vocab - 1 - torch.argmax(keep.flip(-1).to(torch.int8), dim=-1)
    return torch.where(above.any(dim=-1), first, last_kept)
