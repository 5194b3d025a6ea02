"""Trusted input generator and reference for mlp-backward: one forward and backward
pass of a two-layer ReLU MLP with a mean cross-entropy loss, without autograd."""

import torch


def generate(
    *,
    seed: int,
    device: str,
    n: int,
    d: int,
    h: int,
    c: int,
    logit_scale: float = 1.0,
    zero_rows: int = 0,
    zero_bias: float = 0.0,
    one_class: bool = False,
    decimals: int | None = None,
) -> dict[str, torch.Tensor]:
    """x (n, d) ~ N(0, 1), labels y (n,) int64 in [0, c), w1 (d, h) and w2 (h, c)
    ~ N(0, 1/fan_in), b1 (h,) and b2 (c,) ~ N(0, 0.1^2).

    x, w1 and b1 are then rounded to multiples of 1/8, 1/64 and 1/512: every product
    x·w1 is a multiple of 1/512 and every hidden pre-activation is exact in float32
    whatever the summation order, so which side of ReLU's kink it lies on never depends
    on how a correct solution sums (a pre-activation within rounding of 0 would flip a
    whole column of dw1 between two correct solutions).

    `logit_scale` multiplies w2 and b2 (50 gives logits in the hundreds, where an
    unshifted exp overflows). `zero_rows` sets that many rows of x to zero and
    `zero_bias` that fraction of b1 (at least one entry) to zero, so some hidden
    pre-activations are exactly 0 (ReLU's derivative is 0 there). `one_class`
    gives every sample label 0. `decimals` rounds for readable examples.
    """
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, d, generator=g)
    y = torch.randint(0, c, (n,), generator=g)
    w1 = torch.randn(d, h, generator=g) / d**0.5
    b1 = 0.1 * torch.randn(h, generator=g)
    w2 = torch.randn(h, c, generator=g) / h**0.5 * logit_scale
    b2 = 0.1 * torch.randn(c, generator=g) * logit_scale
    if decimals is None:
        x, w1, b1 = (_dyadic(t, step) for t, step in ((x.clamp(-4, 4), 8), (w1, 64), (b1, 512)))
    if zero_rows:
        x[:zero_rows] = 0.0
    if zero_bias > 0.0:
        pick = torch.rand(h, generator=g) < zero_bias
        pick[0] = True
        b1 = b1.masked_fill(pick, 0.0)
    if one_class:
        y.zero_()
    if decimals is not None:
        x, w1, b1, w2, b2 = (t.round(decimals=decimals) for t in (x, w1, b1, w2, b2))
    out = {"x": x, "y": y, "w1": w1, "b1": b1, "w2": w2, "b2": b2}
    return {k: v.to(device) for k, v in out.items()}


def _dyadic(t: torch.Tensor, per_unit: int) -> torch.Tensor:
    """`t` rounded to a multiple of 1/per_unit (exact in float32)."""
    return torch.round(t * per_unit) / per_unit


def reference(
    x: torch.Tensor, y: torch.Tensor, w1: torch.Tensor, b1: torch.Tensor, w2: torch.Tensor, b2: torch.Tensor
) -> dict[str, torch.Tensor]:
    n = x.shape[0]
    pre = x @ w1 + b1  # (N, H)
    hidden = pre.clamp(min=0)
    logits = hidden @ w2 + b2  # (N, C)
    logp = logits - torch.logsumexp(logits, dim=1, keepdim=True)
    loss = -logp.gather(1, y[:, None]).mean()
    dlogits = torch.softmax(logits, dim=1)
    dlogits[torch.arange(n, device=x.device), y] -= 1.0
    dlogits /= n
    dw2 = hidden.T @ dlogits
    db2 = dlogits.sum(dim=0)
    dpre = (dlogits @ w2.T) * (pre > 0)  # ReLU'(0) = 0
    dw1 = x.T @ dpre
    db1 = dpre.sum(dim=0)
    return {"loss": loss, "dw1": dw1, "db1": db1, "dw2": dw2, "db2": db2}
