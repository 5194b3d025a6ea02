# expect: RUNTIME_ERROR
import torch


def solve(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """`*` is the elementwise product: (M, K) * (K, N) does not even broadcast."""
    return a * b
