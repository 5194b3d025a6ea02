import torch
from torch import nn


class LoRALinear(nn.Module):
    """A frozen linear layer (weight, bias) plus a trainable low-rank update B A."""

    def __init__(self, in_features: int, out_features: int, r: int, alpha: float, bias: bool = True) -> None:
        super().__init__()
        # r <= 0 -> ValueError
        # weight: nn.Parameter (out_features, in_features), requires_grad=False
        # bias:   nn.Parameter (out_features,), requires_grad=False (None when bias=False)
        # lora_A: nn.Parameter (r, in_features), random;  lora_B: nn.Parameter (out_features, r), zeros
        # scaling = alpha / r; a plain attribute (not a buffer) remembering whether merged

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """(..., in_features) -> (..., out_features): x W^T + b + (x A^T B^T) * scaling."""
        raise NotImplementedError("write your solution here")

    def merge(self) -> None:
        """Fold scaling * B A into weight (once); forward must then give the same output."""
        raise NotImplementedError("write your solution here")

    def unmerge(self) -> None:
        """Take scaling * B A back out of weight (once)."""
        raise NotImplementedError("write your solution here")
