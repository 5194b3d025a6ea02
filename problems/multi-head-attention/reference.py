"""Trusted input generator and reference module for multi-head-attention."""

import torch
from torch import nn


def generate(
    *,
    seed: int,
    device: str,
    init: dict[str, int],
    batch: int,
    time: int,
    decimals: int | None = None,
) -> dict[str, torch.Tensor]:
    """Draw x of shape (batch, time, n_embd) on the CPU, then move it to the device.

    `decimals` rounds x so visible examples stay readable.
    """
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(batch, time, init["n_embd"], generator=g)
    if decimals is not None:
        x = x.round(decimals=decimals)
    return {"x": x.to(device)}


class Head(nn.Module):
    """One causal self-attention head of size head_size."""

    def __init__(self, n_embd: int, head_size: int, block_size: int) -> None:
        super().__init__()
        self.key = nn.Linear(n_embd, head_size, bias=False)
        self.query = nn.Linear(n_embd, head_size, bias=False)
        self.value = nn.Linear(n_embd, head_size, bias=False)
        self.register_buffer("tril", torch.tril(torch.ones(block_size, block_size)))
        self.scale = head_size**-0.5

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        t = x.shape[1]
        k = self.key(x)
        q = self.query(x)
        v = self.value(x)
        scores = (q @ k.transpose(-2, -1)) * self.scale
        scores = scores.masked_fill(self.tril[:t, :t] == 0, float("-inf"))
        return torch.softmax(scores, dim=-1) @ v


class MultiHeadAttention(nn.Module):
    """n_heads heads of size n_embd // n_heads, concatenated and projected back to n_embd."""

    def __init__(self, n_embd: int, n_heads: int, block_size: int) -> None:
        super().__init__()
        if n_heads < 1 or n_embd % n_heads != 0:
            raise ValueError(f"n_embd={n_embd} is not divisible by n_heads={n_heads}")
        head_size = n_embd // n_heads
        self.heads = nn.ModuleList(Head(n_embd, head_size, block_size) for _ in range(n_heads))
        self.proj = nn.Linear(n_embd, n_embd)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.proj(torch.cat([h(x) for h in self.heads], dim=-1))
