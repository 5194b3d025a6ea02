"""Trusted input generator and reference module for encoder-decoder (a post-LN
Vaswani Transformer: sinusoidal positions, scaled embeddings, encoder self-attention,
decoder causal self-attention and cross-attention, a source padding mask)."""

from __future__ import annotations

import math

import torch
from torch import nn


def generate(
    *,
    seed: int,
    device: str,
    init: dict[str, int],
    batch: int,
    src_len: int,
    tgt_len: int,
    pad: str = "random",
) -> dict[str, torch.Tensor]:
    """src (B, S) and tgt (B, T) token ids, and the source padding mask (True = padding).

    pad: "none" (every position real), "random" (each row keeps 1..S real positions),
    or "heavy" (each row keeps a single real position). Padded source positions hold
    id 0, as a real pad token would; position 0 of every row is always real.
    """
    g = torch.Generator().manual_seed(seed)
    src = torch.randint(1, init["src_vocab"], (batch, src_len), generator=g)
    tgt = torch.randint(0, init["tgt_vocab"], (batch, tgt_len), generator=g)
    if pad == "none":
        lengths = torch.full((batch,), src_len)
    elif pad == "heavy":
        lengths = torch.ones(batch, dtype=torch.int64)
    elif pad == "random":
        lengths = torch.randint(1, src_len + 1, (batch,), generator=g)
        lengths[0] = src_len  # one row without padding
    else:
        raise ValueError(f"unknown pad {pad!r}")
    mask = torch.arange(src_len).unsqueeze(0) >= lengths.unsqueeze(1)
    src = src.masked_fill(mask, 0)
    return {"src": src.to(device), "tgt": tgt.to(device), "src_pad_mask": mask.to(device)}


def sinusoidal_table(max_len: int, d_model: int) -> torch.Tensor:
    """PE[p, 2i] = sin(p / 10000^(2i/d)), PE[p, 2i+1] = cos(same angle); computed in float64."""
    pos = torch.arange(max_len, dtype=torch.float64).unsqueeze(1)
    freq = torch.pow(10000.0, -torch.arange(0, d_model, 2, dtype=torch.float64) / d_model)
    pe = torch.zeros(max_len, d_model, dtype=torch.float64)
    pe[:, 0::2] = torch.sin(pos * freq)
    pe[:, 1::2] = torch.cos(pos * freq)
    return pe.float()


class MultiHeadAttention(nn.Module):
    """Scaled dot-product attention over n_heads contiguous chunks of d_model."""

    def __init__(self, d_model: int, n_heads: int) -> None:
        super().__init__()
        self.n_heads, self.d_k = n_heads, d_model // n_heads
        self.q_proj = nn.Linear(d_model, d_model)
        self.k_proj = nn.Linear(d_model, d_model)
        self.v_proj = nn.Linear(d_model, d_model)
        self.out_proj = nn.Linear(d_model, d_model)

    def forward(self, query: torch.Tensor, source: torch.Tensor, blocked: torch.Tensor | None) -> torch.Tensor:
        """query (B, Tq, d), source (B, Tk, d); blocked broadcasts to (B, H, Tq, Tk), True = hidden."""
        b, tq, d = query.shape
        tk = source.shape[1]
        q = self.q_proj(query).view(b, tq, self.n_heads, self.d_k).transpose(1, 2)
        k = self.k_proj(source).view(b, tk, self.n_heads, self.d_k).transpose(1, 2)
        v = self.v_proj(source).view(b, tk, self.n_heads, self.d_k).transpose(1, 2)
        scores = q @ k.transpose(-2, -1) / math.sqrt(self.d_k)
        if blocked is not None:
            scores = scores.masked_fill(blocked, float("-inf"))
        out = torch.softmax(scores, dim=-1) @ v  # (B, H, Tq, d_k)
        return self.out_proj(out.transpose(1, 2).reshape(b, tq, d))


class EncoderLayer(nn.Module):
    def __init__(self, d_model: int, n_heads: int, d_ff: int) -> None:
        super().__init__()
        self.self_attn = MultiHeadAttention(d_model, n_heads)
        self.norm1 = nn.LayerNorm(d_model)
        self.linear1 = nn.Linear(d_model, d_ff)
        self.linear2 = nn.Linear(d_ff, d_model)
        self.norm2 = nn.LayerNorm(d_model)

    def forward(self, x: torch.Tensor, src_blocked: torch.Tensor) -> torch.Tensor:
        x = self.norm1(x + self.self_attn(x, x, src_blocked))
        return self.norm2(x + self.linear2(torch.relu(self.linear1(x))))


class DecoderLayer(nn.Module):
    def __init__(self, d_model: int, n_heads: int, d_ff: int) -> None:
        super().__init__()
        self.self_attn = MultiHeadAttention(d_model, n_heads)
        self.norm1 = nn.LayerNorm(d_model)
        self.cross_attn = MultiHeadAttention(d_model, n_heads)
        self.norm2 = nn.LayerNorm(d_model)
        self.linear1 = nn.Linear(d_model, d_ff)
        self.linear2 = nn.Linear(d_ff, d_model)
        self.norm3 = nn.LayerNorm(d_model)

    def forward(
        self, y: torch.Tensor, memory: torch.Tensor, causal_blocked: torch.Tensor, src_blocked: torch.Tensor
    ) -> torch.Tensor:
        y = self.norm1(y + self.self_attn(y, y, causal_blocked))
        y = self.norm2(y + self.cross_attn(y, memory, src_blocked))
        return self.norm3(y + self.linear2(torch.relu(self.linear1(y))))


class Transformer(nn.Module):
    """Encoder-decoder Transformer, post-LN, no dropout, no final norms, untied weights."""

    def __init__(
        self, src_vocab: int, tgt_vocab: int, d_model: int, n_heads: int, d_ff: int, n_layers: int, max_len: int
    ) -> None:
        super().__init__()
        if n_heads < 1 or d_model % n_heads != 0:
            raise ValueError(f"d_model={d_model} is not divisible by n_heads={n_heads}")
        self.d_model = d_model
        self.src_embed = nn.Embedding(src_vocab, d_model)
        self.tgt_embed = nn.Embedding(tgt_vocab, d_model)
        self.register_buffer("pe", sinusoidal_table(max_len, d_model))
        self.encoder_layers = nn.ModuleList(EncoderLayer(d_model, n_heads, d_ff) for _ in range(n_layers))
        self.decoder_layers = nn.ModuleList(DecoderLayer(d_model, n_heads, d_ff) for _ in range(n_layers))
        self.lm_head = nn.Linear(d_model, tgt_vocab)

    def forward(self, src: torch.Tensor, tgt: torch.Tensor, src_pad_mask: torch.Tensor) -> torch.Tensor:
        s, t = src.shape[1], tgt.shape[1]
        scale = math.sqrt(self.d_model)
        src_blocked = src_pad_mask[:, None, None, :]  # (B, 1, 1, S): hide padded keys
        causal_blocked = torch.ones(t, t, dtype=torch.bool, device=tgt.device).triu(1)  # (T, T)
        x = self.src_embed(src) * scale + self.pe[:s]
        for layer in self.encoder_layers:
            x = layer(x, src_blocked)
        y = self.tgt_embed(tgt) * scale + self.pe[:t]
        for layer in self.decoder_layers:
            y = layer(y, x, causal_blocked, src_blocked)
        return self.lm_head(y)
