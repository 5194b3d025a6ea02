import torch
import torch.nn.functional as F
from torch import nn


class LoRALinear(nn.Module):
    """Builds the effective weight W + scaling * B A and applies one linear map."""

    def __init__(self, in_features: int, out_features: int, r: int, alpha: float, bias: bool = True) -> None:
        super().__init__()
        if not r > 0:
            raise ValueError(f"rank must be >= 1, got {r}")
        base = nn.Linear(in_features, out_features, bias=bias)  # only to borrow its initial values
        self.weight = nn.Parameter(base.weight.detach().clone(), requires_grad=False)
        self.bias = nn.Parameter(base.bias.detach().clone(), requires_grad=False) if bias else None
        self.lora_A = nn.Parameter(torch.empty(r, in_features).uniform_(-0.1, 0.1))
        self.lora_B = nn.Parameter(torch.zeros(out_features, r))
        self.scaling = float(alpha) / float(r)
        self.is_merged = False

    def _delta(self) -> torch.Tensor:
        return torch.mm(self.lora_B, self.lora_A).mul(self.scaling)  # (out, in)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        w = self.weight if self.is_merged else self.weight + self._delta()
        return F.linear(x, w, self.bias)

    @torch.no_grad()
    def merge(self) -> None:
        if not self.is_merged:
            self.weight.data.add_(self._delta())
            self.is_merged = True

    @torch.no_grad()
    def unmerge(self) -> None:
        if self.is_merged:
            self.weight.data.sub_(self._delta())
            self.is_merged = False
