"""Trusted input generator and reference module for lora-linear."""

from __future__ import annotations

import math
from typing import Any

import torch
import torch.nn.functional as F
from torch import nn


def generate(
    *,
    seed: int,
    device: str,
    init: dict[str, Any],
    rows: int | None = None,
    batch: int | None = None,
    time: int | None = None,
    probe: str = "forward",
    decimals: int | None = None,
) -> dict[str, Any]:
    """The driver's keyword arguments: x of shape (rows, in_features) or
    (batch, time, in_features), what the test probes (see driver.py) and the
    constructor's arguments (the fresh-module probes build a new instance).

    x is standard normal; `decimals` rounds it for readable examples.
    """
    g = torch.Generator().manual_seed(seed)
    lead = (rows,) if rows is not None else (batch, time)
    x = torch.randn(*lead, init["in_features"], generator=g)
    if decimals is not None:
        x = x.round(decimals=decimals)
    return {"x": x.to(device), "probe": probe, "config": dict(init)}


def randomize(module: nn.Module, generator: torch.Generator) -> None:
    """The 'pretrained' weight and bias and a 'trained' adapter the learner's module is
    loaded with. Each part of the output is O(1): W x and B A x both have unit variance
    per output before scaling, so a wrong scaling (or a missing LoRA term) moves the
    output by O(1), far beyond the tolerance."""
    assert isinstance(module, LoRALinear)
    fan_in, r = module.weight.shape[1], module.lora_A.shape[0]
    with torch.no_grad():
        module.weight.copy_(torch.randn(module.weight.shape, generator=generator) / math.sqrt(fan_in))
        if module.bias is not None:
            module.bias.copy_(torch.randn(module.bias.shape, generator=generator) * 0.5)
        module.lora_A.copy_(torch.randn(module.lora_A.shape, generator=generator) / math.sqrt(fan_in))
        module.lora_B.copy_(torch.randn(module.lora_B.shape, generator=generator) / math.sqrt(r))


class LoRALinear(nn.Module):
    """A frozen linear layer plus a trainable low-rank update:
    y = x W^T + b + (x A^T B^T) * alpha / r, with A (r, in) random and B (out, r) zero
    at construction, so a fresh module computes exactly the frozen layer."""

    def __init__(self, in_features: int, out_features: int, r: int, alpha: float, bias: bool = True) -> None:
        super().__init__()
        if r <= 0:
            raise ValueError(f"the rank r must be a positive integer, got {r}")
        self.in_features, self.out_features, self.r, self.alpha = in_features, out_features, r, alpha
        self.scaling = alpha / r  # true division: alpha=5, r=3 gives 1.666..., not 1
        # The pretrained layer: frozen parameters (in the state_dict, never trained).
        self.weight = nn.Parameter(torch.empty(out_features, in_features), requires_grad=False)
        if bias:
            self.bias = nn.Parameter(torch.empty(out_features), requires_grad=False)
        else:
            self.register_parameter("bias", None)
        nn.init.kaiming_uniform_(self.weight, a=math.sqrt(5))  # what nn.Linear does
        if self.bias is not None:
            bound = 1 / math.sqrt(in_features)
            nn.init.uniform_(self.bias, -bound, bound)
        # The adapter: A random, B zero, so B A = 0 and training starts from the
        # pretrained function while B still receives a gradient (through A x).
        self.lora_A = nn.Parameter(torch.empty(r, in_features))
        self.lora_B = nn.Parameter(torch.zeros(out_features, r))
        nn.init.kaiming_uniform_(self.lora_A, a=math.sqrt(5))
        self.merged = False  # a plain attribute: not part of the state_dict

    def delta_weight(self) -> torch.Tensor:
        """The update in the weight's layout (out, in): scaling * B A."""
        return (self.lora_B @ self.lora_A) * self.scaling

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = F.linear(x, self.weight, self.bias)
        if not self.merged:  # once merged, weight already holds the update
            out = out + F.linear(F.linear(x, self.lora_A), self.lora_B) * self.scaling
        return out

    @torch.no_grad()
    def merge(self) -> None:
        if not self.merged:
            self.weight.add_(self.delta_weight())
            self.merged = True

    @torch.no_grad()
    def unmerge(self) -> None:
        if self.merged:
            self.weight.sub_(self.delta_weight())
            self.merged = False
