import torch
from torch import nn


class Head(nn.Module):
    """One causal self-attention head of size head_size."""

    def __init__(self, n_embd: int, head_size: int, block_size: int) -> None:
        super().__init__()
        # key, query, value: nn.Linear(n_embd, head_size, bias=False)
        # register_buffer("tril", ...): lower-triangular ones of shape (block_size, block_size)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """(B, T, n_embd) -> (B, T, head_size)."""
        raise NotImplementedError


class MultiHeadAttention(nn.Module):
    """n_heads causal heads side by side, concatenated, then projected by proj."""

    def __init__(self, n_embd: int, n_heads: int, block_size: int) -> None:
        super().__init__()
        # heads: nn.ModuleList of Head(n_embd, n_embd // n_heads, block_size)
        # proj: nn.Linear(n_embd, n_embd)
        # n_embd not divisible by n_heads -> ValueError

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """(B, T, n_embd) -> (B, T, n_embd)."""
        raise NotImplementedError
