# expect: COMPILE_ERROR
import torch
from torch import nn


def solve(x: torch.Tensor, gamma: torch.Tensor, beta: torch.Tensor, eps: float = 1e-5) -> torch.Tensor:
    # nn.LayerNorm calls F.layer_norm inside, so the module is caught too.
    ln = nn.LayerNorm(x.shape[-1], eps=eps).to(x.device)
    with torch.no_grad():
        ln.weight.copy_(gamma)
        ln.bias.copy_(beta)
        return ln(x)
