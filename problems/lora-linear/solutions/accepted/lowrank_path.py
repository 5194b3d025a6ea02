import math

import torch
from torch import nn


class LoRALinear(nn.Module):
    """Frozen W, b plus a rank-r update, applied as two thin matmuls (never forming B A)."""

    def __init__(self, in_features: int, out_features: int, r: int, alpha: float, bias: bool = True) -> None:
        super().__init__()
        if r <= 0:
            raise ValueError("r must be positive")
        self.scaling = alpha / r
        self.weight = nn.Parameter(torch.empty(out_features, in_features), requires_grad=False)
        nn.init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if bias:
            self.bias = nn.Parameter(torch.zeros(out_features), requires_grad=False)
        else:
            self.bias = None
        self.lora_A = nn.Parameter(torch.randn(r, in_features) / math.sqrt(in_features))
        self.lora_B = nn.Parameter(torch.zeros(out_features, r))
        self.merged = False

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = x @ self.weight.T
        if self.bias is not None:
            y = y + self.bias
        if not self.merged:
            y = y + (x @ self.lora_A.T) @ self.lora_B.T * self.scaling  # (..., r) then (..., out)
        return y

    def merge(self) -> None:
        if self.merged:
            return
        with torch.no_grad():
            self.weight += self.scaling * (self.lora_B @ self.lora_A)
        self.merged = True

    def unmerge(self) -> None:
        if not self.merged:
            return
        with torch.no_grad():
            self.weight -= self.scaling * (self.lora_B @ self.lora_A)
        self.merged = False
