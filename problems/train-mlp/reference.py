"""Trusted input generator and reference for train-mlp: mini-batch SGD on a
two-layer ReLU MLP with one logit and the binary cross-entropy, without autograd."""

import torch


def generate(
    *,
    seed: int,
    device: str,
    n: int,
    d: int,
    h: int,
    epochs: int,
    batch_size: int,
    lr: float = 0.1,
    logit_scale: float = 1.0,
    zero_rows: int = 0,
    zero_bias: float = 0.0,
    decimals: int | None = None,
) -> dict[str, torch.Tensor | float | int]:
    """x (n, d) ~ N(0, 1), labels y (n,) in {0, 1} (float32), w1 (d, h) and
    w2 (h, 1) ~ N(0, 1/fan_in), b1 (h,) and b2 (1,) ~ N(0, 0.1^2).

    `logit_scale` multiplies w2 and b2 (100 gives logits in the hundreds, where
    the loss must be computed from the logit, stably). `zero_rows` sets that many
    rows of x to zero and `zero_bias` that fraction of b1 (at least one entry) to
    zero, so some pre-activations are exactly 0. `decimals` rounds the float
    inputs so visible examples stay readable.
    """
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, d, generator=g)
    y = (torch.rand(n, generator=g) < 0.5).float()
    w1 = torch.randn(d, h, generator=g) / d**0.5
    b1 = 0.1 * torch.randn(h, generator=g)
    w2 = torch.randn(h, 1, generator=g) / h**0.5 * logit_scale
    b2 = 0.1 * torch.randn(1, generator=g) * logit_scale
    if zero_rows:
        x[:zero_rows] = 0.0
    if zero_bias > 0.0:
        pick = torch.rand(h, generator=g) < zero_bias
        pick[0] = True
        b1 = b1.masked_fill(pick, 0.0)
    if decimals is not None:
        x, w1, b1, w2, b2 = (t.round(decimals=decimals) for t in (x, w1, b1, w2, b2))
    tensors = {"x": x, "y": y, "w1": w1, "b1": b1, "w2": w2, "b2": b2}
    return {
        **{k: v.to(device) for k, v in tensors.items()},
        "lr": float(lr),
        "epochs": int(epochs),
        "batch_size": int(batch_size),
    }


def reference(
    x: torch.Tensor,
    y: torch.Tensor,
    w1: torch.Tensor,
    b1: torch.Tensor,
    w2: torch.Tensor,
    b2: torch.Tensor,
    lr: float,
    epochs: int,
    batch_size: int,
) -> tuple[tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor], torch.Tensor]:
    """((w1, b1, w2, b2), loss_per_epoch): batches in order, one SGD step per batch,
    each epoch's loss the plain mean of its batch losses taken before each step."""
    n = x.shape[0]
    w1, b1, w2, b2 = w1.clone(), b1.clone(), w2.clone(), b2.clone()
    history = torch.empty(epochs, dtype=torch.float32, device=x.device)
    for epoch in range(epochs):
        batch_losses = []
        for start in range(0, n, batch_size):
            xb, yb = x[start : start + batch_size], y[start : start + batch_size]
            m = xb.shape[0]
            pre = xb @ w1 + b1  # (m, H)
            hid = pre.clamp(min=0)
            z = (hid @ w2 + b2)[:, 0]  # (m,): one logit per sample
            # BCE from the logit: max(z, 0) - y z + log(1 + exp(-|z|)).
            loss = (z.clamp(min=0) - yb * z + torch.log1p(torch.exp(-z.abs()))).mean()
            batch_losses.append(loss)
            dz = (torch.sigmoid(z) - yb) / m  # (m,)
            dw2 = hid.T @ dz[:, None]  # (H, 1)
            db2 = dz.sum().reshape(1)
            dpre = (dz[:, None] @ w2.T) * (pre > 0)  # (m, H); ReLU'(0) = 0
            dw1 = xb.T @ dpre
            db1 = dpre.sum(dim=0)
            w1, b1 = w1 - lr * dw1, b1 - lr * db1
            w2, b2 = w2 - lr * dw2, b2 - lr * db2
        history[epoch] = torch.stack(batch_losses).mean()
    return (w1, b1, w2, b2), history
