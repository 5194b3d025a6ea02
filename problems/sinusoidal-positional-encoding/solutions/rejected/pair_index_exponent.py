# expect: WRONG_ANSWER
import torch


def solve(seq_len: int, d_model: int) -> torch.Tensor:
    """Uses the pair index i in the exponent, 10000^(i/d), instead of 2i/d: frequencies fall too slowly."""
    if d_model % 2:
        raise ValueError("d_model must be even")
    pos = torch.arange(seq_len).float()[:, None]
    i = torch.arange(d_model // 2).float()
    angle = pos / 10000.0 ** (i / d_model)
    pe = torch.empty(seq_len, d_model)
    pe[:, 0::2] = angle.sin()
    pe[:, 1::2] = angle.cos()
    return pe
