# expect: WRONG_ANSWER
import torch


def solve(x: torch.Tensor, gamma: torch.Tensor, beta: torch.Tensor, eps: float = 1e-5) -> torch.Tensor:
    mean = torch.mean(x, dim=-1, keepdim=True)
    # torch.var divides by C - 1 by default (Bessel's correction);
    # LayerNorm uses the biased variance, dividing by C.
    var = torch.var(x, dim=-1, keepdim=True, unbiased=True)
    return (x - mean) / torch.sqrt(var + eps) * gamma + beta
