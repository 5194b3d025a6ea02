# expect: WRONG_ANSWER
import torch


def solve(x: torch.Tensor, gamma: torch.Tensor, beta: torch.Tensor, eps: float = 1e-5) -> torch.Tensor:
    mean = x.mean(dim=0)
    # E[x^2] - E[x]^2 is right on paper, but for features whose mean is large
    # next to their spread both terms are huge and nearly equal, and float32
    # cancellation destroys the difference.
    var = (x * x).mean(dim=0) - mean * mean
    return (x - mean) * torch.rsqrt(var + eps) * gamma + beta
