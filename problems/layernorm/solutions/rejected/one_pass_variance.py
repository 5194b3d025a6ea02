# expect: WRONG_ANSWER
import torch


def solve(x: torch.Tensor, gamma: torch.Tensor, beta: torch.Tensor, eps: float = 1e-5) -> torch.Tensor:
    mean = x.mean(dim=-1, keepdim=True)
    # E[x^2] - E[x]^2 is algebraically right, but when the mean is large
    # next to the spread both terms are huge and nearly equal, and float32
    # cancellation destroys the variance.
    var = (x * x).mean(dim=-1, keepdim=True) - mean * mean
    return (x - mean) * torch.rsqrt(var + eps) * gamma + beta
