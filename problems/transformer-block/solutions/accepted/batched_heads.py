import torch
from torch import nn


class Head(nn.Module):
    """Holds one head's weights and mask; the attention module runs all heads together."""

    def __init__(self, n_embd: int, head_size: int, block_size: int) -> None:
        super().__init__()
        self.key = nn.Linear(n_embd, head_size, bias=False)
        self.query = nn.Linear(n_embd, head_size, bias=False)
        self.value = nn.Linear(n_embd, head_size, bias=False)
        self.register_buffer("tril", torch.tril(torch.ones(block_size, block_size)))


class MultiHeadAttention(nn.Module):
    def __init__(self, n_embd: int, n_heads: int, block_size: int) -> None:
        super().__init__()
        if n_heads < 1 or n_embd % n_heads != 0:
            raise ValueError("n_embd must be divisible by n_heads")
        self.n_heads, self.head_size = n_heads, n_embd // n_heads
        self.heads = nn.ModuleList(Head(n_embd, self.head_size, block_size) for _ in range(n_heads))
        self.proj = nn.Linear(n_embd, n_embd)

    def _split(self, x: torch.Tensor, which: str) -> torch.Tensor:
        """Project with every head's weight at once: (B, T, C) -> (B, H, T, hs)."""
        w = torch.cat([getattr(h, which).weight for h in self.heads], dim=0)  # (C, C)
        b, t, _ = x.shape
        return (x @ w.T).view(b, t, self.n_heads, self.head_size).transpose(1, 2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        b, t, c = x.shape
        q, k, v = self._split(x, "query"), self._split(x, "key"), self._split(x, "value")
        att = (q @ k.transpose(-2, -1)) / self.head_size**0.5  # (B, H, T, T)
        att = att.masked_fill(self.heads[0].tril[:t, :t] == 0, float("-inf"))
        att = att - att.amax(dim=-1, keepdim=True)
        att = att.exp()
        att = att / att.sum(dim=-1, keepdim=True)
        y = (att @ v).transpose(1, 2).reshape(b, t, c)  # heads side by side, in order
        return self.proj(y)


class FeedForward(nn.Module):
    def __init__(self, n_embd: int) -> None:
        super().__init__()
        self.net = nn.Sequential(nn.Linear(n_embd, 4 * n_embd), nn.ReLU(), nn.Linear(4 * n_embd, n_embd))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x)


def layer_norm(x: torch.Tensor, ln: nn.LayerNorm) -> torch.Tensor:
    """LayerNorm written out (biased variance, eps inside the root) with the module's parameters."""
    mean = x.mean(dim=-1, keepdim=True)
    var = ((x - mean) ** 2).mean(dim=-1, keepdim=True)
    return (x - mean) / torch.sqrt(var + ln.eps) * ln.weight + ln.bias


class Block(nn.Module):
    def __init__(self, n_embd: int, n_heads: int, block_size: int) -> None:
        super().__init__()
        self.sa = MultiHeadAttention(n_embd, n_heads, block_size)
        self.ffwd = FeedForward(n_embd)
        self.ln1 = nn.LayerNorm(n_embd)
        self.ln2 = nn.LayerNorm(n_embd)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = x + self.sa(layer_norm(x, self.ln1))
        return h + self.ffwd(layer_norm(h, self.ln2))
