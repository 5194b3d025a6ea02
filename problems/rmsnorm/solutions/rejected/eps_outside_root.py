# expect: WRONG_ANSWER
import torch


def solve(x: torch.Tensor, weight: torch.Tensor, eps: float = 1e-6) -> torch.Tensor:
    # eps added to the RMS after the root instead of to the mean square inside
    # it: indistinguishable for values around 1, far off when the RMS is ~1e-3.
    rms = torch.sqrt(x.pow(2).mean(dim=-1, keepdim=True))
    return x / (rms + eps) * weight
