# expect: TOO_SLOW
import math

import torch
from torch import nn


class LoRALinear(nn.Module):
    def __init__(self, in_features: int, out_features: int, r: int, alpha: float, bias: bool = True) -> None:
        super().__init__()
        if r <= 0:
            raise ValueError("r must be positive")
        self.scaling = alpha / r
        self.weight = nn.Parameter(torch.empty(out_features, in_features), requires_grad=False)
        nn.init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        self.bias = nn.Parameter(torch.zeros(out_features), requires_grad=False) if bias else None
        self.lora_A = nn.Parameter(torch.empty(r, in_features))
        nn.init.kaiming_uniform_(self.lora_A, a=math.sqrt(5))
        self.lora_B = nn.Parameter(torch.zeros(out_features, r))
        self.merged = False

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # Correct, but one row at a time: thousands of tiny matrix-vector products.
        flat = x.reshape(-1, x.shape[-1])
        rows = []
        for row in flat:
            y = self.weight @ row
            if self.bias is not None:
                y = y + self.bias
            if not self.merged:
                y = y + (self.lora_B @ (self.lora_A @ row)) * self.scaling
            rows.append(y)
        return torch.stack(rows).reshape(*x.shape[:-1], -1)

    @torch.no_grad()
    def merge(self) -> None:
        if not self.merged:
            self.weight += (self.lora_B @ self.lora_A) * self.scaling
            self.merged = True

    @torch.no_grad()
    def unmerge(self) -> None:
        if self.merged:
            self.weight -= (self.lora_B @ self.lora_A) * self.scaling
            self.merged = False
