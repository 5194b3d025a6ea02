# expect: COMPILE_ERROR
import math

import torch
from torch import nn


class LoRALinear(nn.Module):
    """Wraps an nn.Linear, as adapter libraries often do; but the contract puts weight and
    bias on the module itself, so the state_dict keys are base.weight/base.bias instead."""

    def __init__(self, in_features: int, out_features: int, r: int, alpha: float, bias: bool = True) -> None:
        super().__init__()
        if r <= 0:
            raise ValueError("r must be positive")
        self.base = nn.Linear(in_features, out_features, bias=bias)
        self.base.requires_grad_(False)
        self.lora_A = nn.Parameter(torch.empty(r, in_features))
        nn.init.kaiming_uniform_(self.lora_A, a=math.sqrt(5))
        self.lora_B = nn.Parameter(torch.zeros(out_features, r))
        self.scaling = alpha / r
        self.merged = False

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.base(x)
        if not self.merged:
            y = y + (x @ self.lora_A.T @ self.lora_B.T) * self.scaling
        return y

    @torch.no_grad()
    def merge(self) -> None:
        if not self.merged:
            self.base.weight += (self.lora_B @ self.lora_A) * self.scaling
            self.merged = True

    @torch.no_grad()
    def unmerge(self) -> None:
        if self.merged:
            self.base.weight -= (self.lora_B @ self.lora_A) * self.scaling
            self.merged = False
