import torch


def solve(seq_len: int, d_model: int) -> torch.Tensor:
    """Return the (seq_len, d_model) float32 sinusoidal positional-encoding table.

    Row p, column 2i holds sin(p / 10000**(2i / d_model)); column 2i + 1 holds the
    cosine of the same angle. Raise ValueError when d_model is odd.
    """
    raise NotImplementedError("write your solution here")
