import torch
from torch import nn


class Head(nn.Module):
    """Holds one head's weights and causal mask; MultiHeadAttention runs all heads at once."""

    def __init__(self, n_embd: int, head_size: int, block_size: int) -> None:
        super().__init__()
        self.key = nn.Linear(n_embd, head_size, bias=False)
        self.query = nn.Linear(n_embd, head_size, bias=False)
        self.value = nn.Linear(n_embd, head_size, bias=False)
        self.register_buffer("tril", torch.tril(torch.ones(block_size, block_size)))


class MultiHeadAttention(nn.Module):
    """Stacks every head's projection into one matmul, then attends in a (B, H, T, hs) batch."""

    def __init__(self, n_embd: int, n_heads: int, block_size: int) -> None:
        super().__init__()
        if n_heads <= 0 or n_embd % n_heads:
            raise ValueError(f"n_embd ({n_embd}) must be a multiple of n_heads ({n_heads})")
        self.n_heads = n_heads
        self.head_size = n_embd // n_heads
        self.heads = nn.ModuleList(
            [Head(n_embd, self.head_size, block_size) for _ in range(n_heads)]
        )
        self.proj = nn.Linear(n_embd, n_embd)

    def _project(self, x: torch.Tensor, name: str) -> torch.Tensor:
        weight = torch.cat([getattr(h, name).weight for h in self.heads], dim=0)  # (C, C)
        b, t, _ = x.shape
        return (x @ weight.T).view(b, t, self.n_heads, self.head_size).transpose(1, 2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        b, t, c = x.shape
        q = self._project(x, "query")
        k = self._project(x, "key")
        v = self._project(x, "value")
        scores = (q @ k.transpose(-2, -1)) * self.head_size**-0.5  # (B, H, T, T)
        causal = self.heads[0].tril[:t, :t] == 0
        weights = scores.masked_fill(causal, float("-inf")).softmax(dim=-1)
        out = (weights @ v).transpose(1, 2).reshape(b, t, c)
        return self.proj(out)
