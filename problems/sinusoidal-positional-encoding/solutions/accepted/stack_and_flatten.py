import torch


def solve(seq_len: int, d_model: int) -> torch.Tensor:
    """Angles divided by 10000^(2i/d); (sin, cos) pairs stacked on a new last axis, then flattened."""
    if d_model % 2 != 0:
        raise ValueError("d_model must be even")
    pos = torch.arange(seq_len).float()
    i = torch.arange(d_model // 2).float()
    angles = pos[:, None] / torch.pow(10000.0, 2 * i / d_model)  # (L, d/2)
    # (L, d/2, 2) -> (L, d): the pair (sin, cos) of pair i lands in columns 2i, 2i+1.
    return torch.stack((angles.sin(), angles.cos()), dim=-1).reshape(seq_len, d_model)
