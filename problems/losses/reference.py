"""Trusted input generators and references for the losses problem (mse, bce, bce_with_logits)."""

import torch


def _targets(g: torch.Generator, shape: tuple[int, ...], soft: bool) -> torch.Tensor:
    """Hard 0/1 labels, or soft labels drawn uniformly from [0, 1]."""
    u = torch.rand(shape, generator=g)
    return u if soft else (u < 0.5).float()


def _saturate(
    g: torch.Generator, x: torch.Tensor, fraction: float, low: float, high: float
) -> torch.Tensor:
    """Replace about `fraction` of the entries by exactly `low` or `high`."""
    if fraction <= 0.0:
        return x
    pick = torch.rand(x.shape, generator=g) < fraction
    side = torch.rand(x.shape, generator=g) < 0.5
    extreme = torch.where(side, torch.tensor(high), torch.tensor(low))
    return torch.where(pick, extreme, x)


def _round(decimals: int | None, *tensors: torch.Tensor) -> tuple[torch.Tensor, ...]:
    """Round for readable visible examples; None leaves the tensors as drawn."""
    if decimals is None:
        return tensors
    return tuple(t.round(decimals=decimals) for t in tensors)


def generate_mse(
    *,
    seed: int,
    device: str,
    shape: list[int],
    scale: float = 1.0,
    same: bool = False,
    decimals: int | None = None,
) -> dict[str, torch.Tensor]:
    """pred and target of the given shape, both N(0, scale^2); `same` makes them equal."""
    g = torch.Generator().manual_seed(seed)
    pred = torch.randn(tuple(shape), generator=g) * scale
    target = pred.clone() if same else torch.randn(tuple(shape), generator=g) * scale
    pred, target = _round(decimals, pred, target)
    return {"pred": pred.to(device), "target": target.to(device)}


def reference_mse(pred: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """Mean of the squared differences over every element: a 0-dim tensor."""
    return torch.mean((pred - target) ** 2)


def generate_bce(
    *,
    seed: int,
    device: str,
    shape: list[int],
    eps: float = 1e-7,
    soft: bool = False,
    extremes: float = 0.0,
    perfect: bool = False,
    decimals: int | None = None,
) -> dict[str, torch.Tensor | float]:
    """Probabilities in [0, 1) (about `extremes` of them exactly 0 or 1) and targets.

    `perfect` sets every probability to its hard target, so the loss is the clipping floor.
    """
    g = torch.Generator().manual_seed(seed)
    shape_t = tuple(shape)
    probs = _saturate(g, torch.rand(shape_t, generator=g), extremes, 0.0, 1.0)
    target = _targets(g, shape_t, soft)
    if perfect:
        probs = (target >= 0.5).float()
    probs, target = _round(decimals, probs, target)
    return {"probs": probs.to(device), "target": target.to(device), "eps": eps}


def reference_bce(probs: torch.Tensor, target: torch.Tensor, eps: float = 1e-7) -> torch.Tensor:
    """Binary cross-entropy of probabilities clipped to [eps, 1 - eps] in float32."""
    p = probs.clamp(min=eps, max=1.0 - eps)
    return -torch.mean(target * torch.log(p) + (1.0 - target) * torch.log(1.0 - p))


def generate_bce_with_logits(
    *,
    seed: int,
    device: str,
    shape: list[int],
    scale: float = 1.0,
    soft: bool = False,
    saturate: float = 0.0,
    zero: bool = False,
    decimals: int | None = None,
) -> dict[str, torch.Tensor]:
    """Logits N(0, scale^2), about `saturate` of them exactly +-100, and targets."""
    g = torch.Generator().manual_seed(seed)
    shape_t = tuple(shape)
    logits = _saturate(g, torch.randn(shape_t, generator=g) * scale, saturate, -100.0, 100.0)
    if zero:
        logits.zero_()
    target = _targets(g, shape_t, soft)
    logits, target = _round(decimals, logits, target)
    return {"logits": logits.to(device), "target": target.to(device)}


def reference_bce_with_logits(logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """BCE of sigmoid(logits) without forming the sigmoid.

    -[t log s(z) + (1 - t) log(1 - s(z))] = max(z, 0) - t z + log(1 + exp(-|z|)),
    where exp never overflows and log1p keeps precision when exp(-|z|) is tiny.
    """
    z = logits
    return torch.mean(z.clamp(min=0) - target * z + torch.log1p(torch.exp(-z.abs())))
