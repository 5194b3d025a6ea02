# expect: WRONG_ANSWER
import torch


def solve(x: torch.Tensor, weight: torch.Tensor, eps: float = 1e-6) -> torch.Tensor:
    # Centres x first, as LayerNorm does: RMSNorm never subtracts the mean.
    centered = x - x.mean(dim=-1, keepdim=True)
    ms = centered.pow(2).mean(dim=-1, keepdim=True)
    return centered * torch.rsqrt(ms + eps) * weight
