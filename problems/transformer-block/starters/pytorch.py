import torch
from torch import nn


class Head(nn.Module):
    """One causal self-attention head of size head_size."""

    def __init__(self, n_embd: int, head_size: int, block_size: int) -> None:
        super().__init__()
        # key, query, value: nn.Linear(n_embd, head_size, bias=False)
        # register_buffer("tril", torch.tril(torch.ones(block_size, block_size)))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """(B, T, n_embd) -> (B, T, head_size)."""
        raise NotImplementedError


class MultiHeadAttention(nn.Module):
    def __init__(self, n_embd: int, n_heads: int, block_size: int) -> None:
        super().__init__()
        # heads: nn.ModuleList of n_heads Head(n_embd, n_embd // n_heads, block_size)
        # proj: nn.Linear(n_embd, n_embd); n_embd not divisible by n_heads -> ValueError

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        raise NotImplementedError


class FeedForward(nn.Module):
    def __init__(self, n_embd: int) -> None:
        super().__init__()
        # net: nn.Sequential(nn.Linear(n_embd, 4 * n_embd), nn.ReLU(), nn.Linear(4 * n_embd, n_embd))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        raise NotImplementedError


class Block(nn.Module):
    """Pre-LN transformer block with sub-modules sa, ffwd, ln1, ln2."""

    def __init__(self, n_embd: int, n_heads: int, block_size: int) -> None:
        super().__init__()
        # sa = MultiHeadAttention(...), ffwd = FeedForward(...),
        # ln1, ln2 = nn.LayerNorm(n_embd)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """(B, T, n_embd) -> (B, T, n_embd): x + sa(ln1(x)), then + ffwd(ln2(...))."""
        raise NotImplementedError
