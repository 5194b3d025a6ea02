# expect: COMPILE_ERROR
import torch
from torch import nn


def solve(x: torch.Tensor, gamma: torch.Tensor, beta: torch.Tensor, eps: float = 1e-5) -> torch.Tensor:
    # nn.BatchNorm1d calls F.batch_norm inside its forward, so it is caught too.
    bn = nn.BatchNorm1d(x.shape[1], eps=eps, track_running_stats=False).to(x.device)
    with torch.no_grad():
        bn.weight.copy_(gamma)
        bn.bias.copy_(beta)
        return bn(x)
