# expect: WRONG_ANSWER
import torch


def solve(x: torch.Tensor, weight: torch.Tensor, eps: float = 1e-6) -> torch.Tensor:
    # .mean() with no dim: one RMS for the whole tensor instead of one per row.
    return x * torch.rsqrt(x.pow(2).mean() + eps) * weight
