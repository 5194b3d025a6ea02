# expect: TOO_SLOW
import math

import torch


def solve(probs: torch.Tensor, targets: torch.Tensor, eps: float = 1e-7) -> torch.Tensor:
    # Correct, but one Python iteration (and one device-to-host copy) per sample.
    total = 0.0
    for i in range(probs.shape[0]):
        p = float(probs[i, targets[i]])
        total -= math.log(min(max(p, eps), 1.0))
    return torch.tensor(total / probs.shape[0], dtype=torch.float32)
