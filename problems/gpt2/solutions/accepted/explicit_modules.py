import math

import torch
from torch import nn


class LayerNorm(nn.Module):
    """Biased variance over the last dimension, eps 1e-5, with a gain and a bias."""

    def __init__(self, n: int, eps: float = 1e-5) -> None:
        super().__init__()
        self.weight = nn.Parameter(torch.ones(n))
        self.bias = nn.Parameter(torch.zeros(n))
        self.eps = eps

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        mean = x.mean(dim=-1, keepdim=True)
        var = ((x - mean) ** 2).mean(dim=-1, keepdim=True)
        return (x - mean) / torch.sqrt(var + self.eps) * self.weight + self.bias


def gelu_tanh(x: torch.Tensor) -> torch.Tensor:
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x**3)))


class Attention(nn.Module):
    def __init__(self, n_embd: int, n_head: int) -> None:
        super().__init__()
        self.n_head = n_head
        self.c_attn = nn.Linear(n_embd, 3 * n_embd)
        self.c_proj = nn.Linear(n_embd, n_embd)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        T, C = x.shape[1], x.shape[2]
        D = C // self.n_head
        qkv = self.c_attn(x)
        q, k, v = qkv[..., :C], qkv[..., C : 2 * C], qkv[..., 2 * C :]
        causal = torch.ones(T, T, dtype=torch.bool, device=x.device).tril()
        outs = []
        for h in range(self.n_head):  # each head owns a contiguous slice of D channels
            sl = slice(h * D, (h + 1) * D)
            s = torch.einsum("btd,bsd->bts", q[..., sl], k[..., sl]) / math.sqrt(D)
            s = torch.where(causal, s, torch.full_like(s, float("-inf")))
            s = s - s.max(dim=-1, keepdim=True).values
            w = s.exp()
            w = w / w.sum(dim=-1, keepdim=True)
            outs.append(torch.einsum("bts,bsd->btd", w, v[..., sl]))
        return self.c_proj(torch.cat(outs, dim=-1))


class FeedForward(nn.Module):
    def __init__(self, n_embd: int) -> None:
        super().__init__()
        self.c_fc = nn.Linear(n_embd, 4 * n_embd)
        self.c_proj = nn.Linear(4 * n_embd, n_embd)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.c_proj(gelu_tanh(self.c_fc(x)))


class DecoderLayer(nn.Module):
    def __init__(self, n_embd: int, n_head: int) -> None:
        super().__init__()
        self.ln_1 = LayerNorm(n_embd)
        self.attn = Attention(n_embd, n_head)
        self.ln_2 = LayerNorm(n_embd)
        self.mlp = FeedForward(n_embd)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = x + self.attn(self.ln_1(x))
        return h + self.mlp(self.ln_2(h))


class Trunk(nn.Module):
    """Holds wte, wpe, h and ln_f, so that their names start with `transformer.`."""

    def __init__(self, vocab_size: int, block_size: int, n_layer: int, n_head: int, n_embd: int) -> None:
        super().__init__()
        self.wte = nn.Embedding(vocab_size, n_embd)
        self.wpe = nn.Embedding(block_size, n_embd)
        self.h = nn.ModuleList(DecoderLayer(n_embd, n_head) for _ in range(n_layer))
        self.ln_f = LayerNorm(n_embd)


class GPT(nn.Module):
    def __init__(self, vocab_size: int, block_size: int, n_layer: int, n_head: int, n_embd: int) -> None:
        super().__init__()
        if n_head < 1 or n_embd % n_head:
            raise ValueError(f"n_embd={n_embd} is not a multiple of n_head={n_head}")
        self.block_size = block_size
        self.transformer = Trunk(vocab_size, block_size, n_layer, n_head, n_embd)
        self.lm_head = nn.Linear(n_embd, vocab_size, bias=False)
        self.lm_head.weight = self.transformer.wte.weight

    def forward(self, idx: torch.Tensor) -> torch.Tensor:
        t = self.transformer
        x = t.wte(idx) + t.wpe.weight[: idx.shape[1]]  # positions 0..T-1, broadcast over B
        for layer in t.h:
            x = layer(x)
        return self.lm_head(t.ln_f(x))


def generate(model: GPT, idx: torch.Tensor, max_new_tokens: int) -> torch.Tensor:
    tokens = [idx]
    seq = idx
    for _ in range(max_new_tokens):
        window = seq[:, -model.block_size :]  # at most block_size tokens, positions from 0
        with torch.no_grad():
            last = model(window)[:, -1]
        nxt = last.argmax(dim=-1).unsqueeze(1)
        tokens.append(nxt)
        seq = torch.cat(tokens, dim=1)
    return seq
