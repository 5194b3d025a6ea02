"""Trusted input generator and reference module for transformer-block."""

from __future__ import annotations

import torch
from torch import nn


def generate(
    *,
    seed: int,
    device: str,
    init: dict[str, int],
    batch: int,
    time: int,
    scale: float = 1.0,
    offset: float = 0.0,
    decimals: int | None = None,
) -> dict[str, torch.Tensor]:
    """x of shape (batch, time, n_embd): randn * scale + offset, on the CPU, then moved.

    `decimals` rounds x so visible examples stay readable.
    """
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(batch, time, init["n_embd"], generator=g) * scale + offset
    if decimals is not None:
        x = x.round(decimals=decimals)
    return {"x": x.to(device)}


def randomize(module: nn.Module, generator: torch.Generator) -> None:
    """Non-trivial weights, with the feed-forward ReLU kept away from its kink.

    Every Linear gets 0.1 * N(0, 1) added to its default init; ln1 gets weight
    1 + 0.3 N(0, 1) and bias 0.3 N(0, 1), ln2 weight 0.5 + 0.3 N(0, 1) and bias
    0.3 N(0, 1), so the two LayerNorms clearly differ.

    The gradient of relu jumps at 0: a pre-activation within float32 rounding
    (about 1e-6) of zero can take either side in two correct solutions that sum
    in different orders, and the gradients then differ by O(1). With 260k
    pre-activations per large test that happened in a few percent of draws. So
    each hidden unit's bias is pushed away from zero: with u = ln2(h) = g * n + b
    and ||n|| = sqrt(C), unit j's pre-activation is const_j + (W1_j * g) . n, and
    the bias moves const_j (keeping its sign) by min(6, sqrt(C)) * ||W1_j * g|| + 0.1.
    For C <= 36 that bounds |pre-activation| >= 0.1 for every input; for larger
    C the input-dependent part would have to exceed 6 standard deviations.
    """
    for name, p in module.named_parameters():
        noise = torch.randn(p.shape, generator=generator, dtype=p.dtype)
        if name.startswith("ln1."):
            p.copy_((1.0 if name.endswith("weight") else 0.0) + 0.3 * noise)
        elif name.startswith("ln2."):
            p.copy_((0.5 if name.endswith("weight") else 0.0) + 0.3 * noise)
        else:
            p.add_(0.1 * noise)
    fc, ln2 = module.ffwd.net[0], module.ln2
    varying = fc.weight * ln2.weight  # (4C, C): how each unit sees the normalised input
    const = fc.weight @ ln2.bias + fc.bias  # (4C,): the input-independent part
    c = fc.weight.shape[1]
    margin = min(6.0, c**0.5) * varying.norm(dim=1) + 0.1
    fc.bias.add_(torch.where(const >= 0, margin, -margin))


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


class FeedForward(nn.Module):
    """Position-wise MLP: C -> 4C -> ReLU -> C."""

    def __init__(self, n_embd: int) -> None:
        super().__init__()
        self.net = nn.Sequential(nn.Linear(n_embd, 4 * n_embd), nn.ReLU(), nn.Linear(4 * n_embd, n_embd))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x)


class Block(nn.Module):
    """Pre-LN transformer block: x + sa(ln1(x)), then + ffwd(ln2(.))."""

    def __init__(self, n_embd: int, n_heads: int, block_size: int) -> None:
        super().__init__()
        self.sa = MultiHeadAttention(n_embd, n_heads, block_size)
        self.ffwd = FeedForward(n_embd)
        self.ln1 = nn.LayerNorm(n_embd)
        self.ln2 = nn.LayerNorm(n_embd)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x + self.sa(self.ln1(x))
        x = x + self.ffwd(self.ln2(x))
        return x
