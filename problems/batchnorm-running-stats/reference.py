"""Trusted input generator and reference module for batchnorm-running-stats."""

from __future__ import annotations

from typing import Any

import torch
from torch import nn


def generate(
    *,
    seed: int,
    device: str,
    init: dict[str, Any],
    batch: int,
    modes: str = "TTETTETE",
    scale: float = 1.0,
    offset: float = 0.0,
    spread: bool = False,
    constant: bool = False,
    decimals: int | None = None,
) -> dict[str, Any]:
    """One batch of shape (batch, num_features) per character of `modes` (T: a training
    step, E: an evaluation step).

    Values are N(offset, scale^2); `spread` gives each feature its own scale (from 1e-2
    to 1e2) and a mean of a few times that scale, `constant` makes feature 0 constant within every batch (zero
    variance), `decimals` rounds for readable examples.
    """
    g = torch.Generator().manual_seed(seed)
    steps, c = len(modes), init["num_features"]
    x = torch.randn(steps, batch, c, generator=g) * scale + offset
    if spread:
        feature_scale = 10.0 ** (torch.rand(c, generator=g) * 4 - 2)
        feature_mean = torch.randn(c, generator=g) * 3 * feature_scale
        x = x * feature_scale + feature_mean
    if constant:
        x[:, :, 0] = torch.randn(steps, 1, generator=g) * scale + offset
    if decimals is not None:
        x = x.round(decimals=decimals)
    return {"x": x.to(device), "training": [m == "T" for m in modes]}


class BatchNorm1d(nn.Module):
    """BatchNorm over (N, C) inputs with running statistics, as nn.BatchNorm1d computes it.

    Training: normalise with the batch mean and the BIASED batch variance; update
    running_mean and running_var (with the UNBIASED batch variance) by an exponential
    moving average, new = (1 - momentum) * old + momentum * batch. Evaluation: normalise
    with the running statistics, which stay unchanged.
    """

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float = 0.1) -> None:
        super().__init__()
        self.num_features, self.eps, self.momentum = num_features, eps, momentum
        self.weight = nn.Parameter(torch.ones(num_features))
        self.bias = nn.Parameter(torch.zeros(num_features))
        self.register_buffer("running_mean", torch.zeros(num_features))
        self.register_buffer("running_var", torch.ones(num_features))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.training:
            n = x.shape[0]
            mean = x.mean(dim=0)  # (C,): statistics down each column
            squares = ((x - mean) ** 2).sum(dim=0)  # two passes: no E[x^2] - E[x]^2 cancellation
            var = squares / n  # biased: what normalises this batch
            with torch.no_grad():  # the running statistics are not part of the graph
                self.running_mean.mul_(1.0 - self.momentum).add_(self.momentum * mean)
                self.running_var.mul_(1.0 - self.momentum).add_(self.momentum * (squares / (n - 1)))
        else:
            mean, var = self.running_mean, self.running_var
        return (x - mean) / torch.sqrt(var + self.eps) * self.weight + self.bias

