# expect: WRONG_ANSWER
import torch


def solve(x: torch.Tensor) -> torch.Tensor:
    """sigmoid as exp(a) / (1 + exp(a)): exp overflows to inf beyond 88, and inf / inf is NaN."""
    n = x.shape[1] // 2
    a, b = x[:, :n], x[:, n:]
    e = torch.exp(a)
    return a * (e / (1 + e)) * b
