# expect: TOO_SLOW
import math

import torch


def solve(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    # Correct, but one Python iteration per token: B * T small operations.
    b, t, _ = logits.shape
    total = 0.0
    for i in range(b):
        for j in range(t):
            row = logits[i, j]
            m = row.max()
            total += float(torch.log(torch.exp(row - m).sum()) - (row[targets[i, j]] - m))
    return torch.tensor(math.exp(total / (b * t)), dtype=torch.float32)
