import math

import torch


def solve(seq_len: int, d_model: int) -> torch.Tensor:
    """Frequencies in log space, exp(-2i * ln(10000) / d), written into the even and odd columns."""
    if d_model % 2:
        raise ValueError(f"d_model must be even, got {d_model}")
    position = torch.arange(seq_len, dtype=torch.float32).unsqueeze(1)  # (L, 1)
    freq = torch.exp(torch.arange(0, d_model, 2, dtype=torch.float32) * (-math.log(10000.0) / d_model))
    angle = position * freq  # (L, d/2): broadcasting, no loop
    pe = torch.zeros(seq_len, d_model)
    pe[:, 0::2] = torch.sin(angle)  # columns 0, 2, 4, ...
    pe[:, 1::2] = torch.cos(angle)  # columns 1, 3, 5, ...
    return pe
