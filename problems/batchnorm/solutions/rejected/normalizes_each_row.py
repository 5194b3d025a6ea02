# expect: WRONG_ANSWER
import torch


def solve(x: torch.Tensor, gamma: torch.Tensor, beta: torch.Tensor, eps: float = 1e-5) -> torch.Tensor:
    # Statistics over dim=-1, across the features of each sample: that is
    # LayerNorm, not BatchNorm (which reduces over the batch, dim 0).
    mean = x.mean(dim=-1, keepdim=True)
    var = ((x - mean) ** 2).mean(dim=-1, keepdim=True)
    return gamma * (x - mean) / torch.sqrt(var + eps) + beta
