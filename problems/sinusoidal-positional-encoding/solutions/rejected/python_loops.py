# expect: TOO_SLOW
import math

import torch


def solve(seq_len: int, d_model: int) -> torch.Tensor:
    """Correct, but one Python iteration per (position, pair): hundreds of thousands of scalar steps."""
    if d_model % 2:
        raise ValueError("d_model must be even")
    rows = []
    for pos in range(seq_len):
        row = [0.0] * d_model
        for i in range(0, d_model, 2):
            angle = pos / 10000 ** (i / d_model)
            row[i] = math.sin(angle)
            row[i + 1] = math.cos(angle)
        rows.append(row)
    return torch.tensor(rows, dtype=torch.float32)
