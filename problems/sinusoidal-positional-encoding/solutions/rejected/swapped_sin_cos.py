# expect: WRONG_ANSWER
import math

import torch


def solve(seq_len: int, d_model: int) -> torch.Tensor:
    """Puts the cosine in the even columns and the sine in the odd ones."""
    if d_model % 2:
        raise ValueError("d_model must be even")
    position = torch.arange(seq_len, dtype=torch.float32).unsqueeze(1)
    freq = torch.exp(torch.arange(0, d_model, 2, dtype=torch.float32) * (-math.log(10000.0) / d_model))
    pe = torch.zeros(seq_len, d_model)
    pe[:, 0::2] = torch.cos(position * freq)
    pe[:, 1::2] = torch.sin(position * freq)
    return pe
