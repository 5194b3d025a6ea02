# expect: COMPILE_ERROR
import torch
import torch.nn.functional as F


def solve(x: torch.Tensor, weight: torch.Tensor, eps: float = 1e-6) -> torch.Tensor:
    # The built-in is what the problem asks you to implement.
    return F.rms_norm(x, (x.shape[-1],), weight, eps)
