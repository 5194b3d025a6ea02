"""Trusted input generator and reference for single-neuron-backprop.

One sigmoid neuron trained by full-batch gradient descent on the mean squared error.
"""

import torch


def generate(
    *,
    seed: int,
    device: str,
    samples: int,
    features: int,
    epochs: int,
    lr: float = 0.1,
    scale: float = 1.0,
    decimals: int | None = None,
) -> dict[str, torch.Tensor | float | int]:
    """features (N, F) ~ N(0, scale^2), labels (N,) in {0, 1}, weights (F,) and a
    0-dim bias ~ N(0, 0.5^2). A large `scale` saturates the sigmoid. `decimals`
    rounds the float inputs so visible examples stay readable."""
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(samples, features, generator=g) * scale
    y = (torch.rand(samples, generator=g) < 0.5).float()
    w = 0.5 * torch.randn(features, generator=g)
    b = 0.5 * torch.randn((), generator=g)
    if decimals is not None:
        x, w, b = (t.round(decimals=decimals) for t in (x, w, b))
    return {
        "features": x.to(device),
        "labels": y.to(device),
        "weights": w.to(device),
        "bias": b.to(device),
        "lr": float(lr),
        "epochs": int(epochs),
    }


def reference(
    features: torch.Tensor,
    labels: torch.Tensor,
    weights: torch.Tensor,
    bias: torch.Tensor,
    lr: float,
    epochs: int,
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """(weights, bias, mse_per_epoch): the loss of each epoch is recorded before its update."""
    n = features.shape[0]
    w, b = weights.clone(), bias.clone()
    losses = torch.empty(epochs, dtype=torch.float32, device=features.device)
    for epoch in range(epochs):
        p = torch.sigmoid(features @ w + b)  # (N,)
        err = p - labels
        losses[epoch] = (err * err).mean()
        dz = (2.0 / n) * err * p * (1.0 - p)  # dL/dz for L = mean((p - y)^2)
        w = w - lr * (features.T @ dz)
        b = b - lr * dz.sum()
    return w, b, losses
