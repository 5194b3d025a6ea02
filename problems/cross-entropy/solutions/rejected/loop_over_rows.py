# expect: TOO_SLOW
import math

import torch


def solve(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    # Correct, but one Python iteration per sample: thousands of tiny operations.
    total = 0.0
    for i in range(logits.shape[0]):
        row = logits[i]
        m = row.max()
        total += float(torch.log(torch.exp(row - m).sum()) - (row[targets[i]] - m))
    return torch.tensor(total / logits.shape[0], dtype=torch.float32)
