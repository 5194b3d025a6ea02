# expect: WRONG_ANSWER
import torch


def solve(x: torch.Tensor, gamma: torch.Tensor, beta: torch.Tensor, eps: float = 1e-5) -> torch.Tensor:
    mean = x.mean(dim=0, keepdim=True)
    # torch.var divides by N - 1 by default; BatchNorm normalises with the
    # biased variance (divide by N). With N = 1 this is 0 / 0 = NaN.
    var = x.var(dim=0, keepdim=True)
    return gamma * (x - mean) / torch.sqrt(var + eps) + beta
