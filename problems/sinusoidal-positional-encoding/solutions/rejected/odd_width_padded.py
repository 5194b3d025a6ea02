# expect: WRONG_ANSWER
import math

import torch


def solve(seq_len: int, d_model: int) -> torch.Tensor:
    """"Handles" an odd d_model by dropping the last cosine instead of raising ValueError."""
    position = torch.arange(seq_len, dtype=torch.float32).unsqueeze(1)
    freq = torch.exp(torch.arange(0, d_model, 2, dtype=torch.float32) * (-math.log(10000.0) / d_model))
    angle = position * freq  # ceil(d/2) columns
    pe = torch.zeros(seq_len, d_model)
    pe[:, 0::2] = torch.sin(angle)
    pe[:, 1::2] = torch.cos(angle)[:, : d_model // 2]
    return pe
