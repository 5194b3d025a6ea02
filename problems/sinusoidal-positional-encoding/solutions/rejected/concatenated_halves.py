# expect: WRONG_ANSWER
import math

import torch


def solve(seq_len: int, d_model: int) -> torch.Tensor:
    """All sines in the first half, all cosines in the second: the same numbers, the wrong columns."""
    if d_model % 2:
        raise ValueError("d_model must be even")
    position = torch.arange(seq_len, dtype=torch.float32).unsqueeze(1)
    freq = torch.exp(torch.arange(0, d_model, 2, dtype=torch.float32) * (-math.log(10000.0) / d_model))
    angle = position * freq
    return torch.cat([torch.sin(angle), torch.cos(angle)], dim=-1)
