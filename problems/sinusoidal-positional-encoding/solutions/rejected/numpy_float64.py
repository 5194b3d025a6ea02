# expect: WRONG_ANSWER
import numpy as np
import torch


def solve(seq_len: int, d_model: int) -> torch.Tensor:
    """Right values, built in NumPy: torch.from_numpy keeps NumPy's float64, the contract is float32."""
    if d_model % 2:
        raise ValueError("d_model must be even")
    pos = np.arange(seq_len)[:, None]
    angle = pos / np.power(10000.0, np.arange(0, d_model, 2) / d_model)
    pe = np.zeros((seq_len, d_model))
    pe[:, 0::2] = np.sin(angle)
    pe[:, 1::2] = np.cos(angle)
    return torch.from_numpy(pe)
