# expect: WRONG_ANSWER
import math

import torch
import torch.nn.functional as F


def solve(x: torch.Tensor, weight: torch.Tensor, eps: float = 1e-6) -> torch.Tensor:
    # x / RMS(x) = sqrt(C) * x / ||x||, so F.normalize looks like a shortcut; but
    # it clamps the norm at its own eps instead of adding eps to the mean square,
    # which is wrong whenever the values are small enough for eps to matter.
    return F.normalize(x, dim=-1) * math.sqrt(x.shape[-1]) * weight
