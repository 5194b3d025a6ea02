# expect: WRONG_ANSWER
import torch


def solve(x: torch.Tensor, gamma: torch.Tensor, beta: torch.Tensor, eps: float = 1e-5) -> torch.Tensor:
    mean = x.mean(dim=-1, keepdim=True)
    var = x.var(dim=-1, keepdim=True, unbiased=False)
    # Normalises correctly but never applies the learned scale and shift.
    return (x - mean) / torch.sqrt(var + eps)
