# expect: TOO_SLOW
# Correct, but runs encoder and decoder once per target prefix (as a naive generation loop would) instead of once with a causal mask.
import math

import torch
import torch.nn.functional as F
from torch import nn


class Attention(nn.Module):
    """Multi-head attention with q/k/v/out projections; heads are contiguous chunks of d_model."""

    def __init__(self, d_model: int, n_heads: int) -> None:
        super().__init__()
        self.h = n_heads
        self.q_proj = nn.Linear(d_model, d_model)
        self.k_proj = nn.Linear(d_model, d_model)
        self.v_proj = nn.Linear(d_model, d_model)
        self.out_proj = nn.Linear(d_model, d_model)

    def forward(self, x, mem, hide):
        B, Tq, D = x.shape
        Tk = mem.shape[1]
        dk = D // self.h
        q = self.q_proj(x).reshape(B, Tq, self.h, dk).permute(0, 2, 1, 3)
        k = self.k_proj(mem).reshape(B, Tk, self.h, dk).permute(0, 2, 1, 3)
        v = self.v_proj(mem).reshape(B, Tk, self.h, dk).permute(0, 2, 1, 3)
        att = (q @ k.transpose(-1, -2)) * dk**-0.5
        att = att.masked_fill(hide, float("-inf"))  # hide: True where a key may not be seen
        out = F.softmax(att, dim=-1) @ v
        return self.out_proj(out.permute(0, 2, 1, 3).reshape(B, Tq, D))


class EncLayer(nn.Module):
    def __init__(self, d_model, n_heads, d_ff):
        super().__init__()
        self.self_attn = Attention(d_model, n_heads)
        self.norm1 = nn.LayerNorm(d_model)
        self.linear1 = nn.Linear(d_model, d_ff)
        self.linear2 = nn.Linear(d_ff, d_model)
        self.norm2 = nn.LayerNorm(d_model)

    def forward(self, x, pad_hide):
        x = self.norm1(x + self.self_attn(x, x, pad_hide))  # post-LN: add, then normalise
        return self.norm2(x + self.linear2(F.relu(self.linear1(x))))


class DecLayer(nn.Module):
    def __init__(self, d_model, n_heads, d_ff):
        super().__init__()
        self.self_attn = Attention(d_model, n_heads)
        self.norm1 = nn.LayerNorm(d_model)
        self.cross_attn = Attention(d_model, n_heads)
        self.norm2 = nn.LayerNorm(d_model)
        self.linear1 = nn.Linear(d_model, d_ff)
        self.linear2 = nn.Linear(d_ff, d_model)
        self.norm3 = nn.LayerNorm(d_model)

    def forward(self, y, memory, future_hide, pad_hide):
        y = self.norm1(y + self.self_attn(y, y, future_hide))
        y = self.norm2(y + self.cross_attn(y, memory, pad_hide))  # queries: decoder; keys/values: encoder
        return self.norm3(y + self.linear2(F.relu(self.linear1(y))))


class Transformer(nn.Module):
    def __init__(self, src_vocab, tgt_vocab, d_model, n_heads, d_ff, n_layers, max_len):
        super().__init__()
        if d_model % n_heads:
            raise ValueError("d_model must be divisible by n_heads")
        self.d_model = d_model
        self.src_embed = nn.Embedding(src_vocab, d_model)
        self.tgt_embed = nn.Embedding(tgt_vocab, d_model)
        position = torch.arange(max_len, dtype=torch.float64)[:, None]
        inv_freq = 1.0 / 10000.0 ** (torch.arange(0, d_model, 2, dtype=torch.float64) / d_model)
        angles = position * inv_freq  # (max_len, d_model / 2)
        # interleave: column 2i holds sin, column 2i + 1 holds cos of the same angle
        pe = torch.stack([angles.sin(), angles.cos()], dim=-1).reshape(max_len, d_model)
        self.register_buffer("pe", pe.float())
        self.encoder_layers = nn.ModuleList([EncLayer(d_model, n_heads, d_ff) for _ in range(n_layers)])
        self.decoder_layers = nn.ModuleList([DecLayer(d_model, n_heads, d_ff) for _ in range(n_layers)])
        self.lm_head = nn.Linear(d_model, tgt_vocab)

    def forward(self, src, tgt, src_pad_mask):
        steps = [self._run(src, tgt[:, : t + 1], src_pad_mask)[:, -1:] for t in range(tgt.shape[1])]
        return torch.cat(steps, dim=1)

    def _run(self, src, tgt, src_pad_mask):
        S, T = src.shape[1], tgt.shape[1]
        pad_hide = src_pad_mask.view(src.shape[0], 1, 1, S)  # broadcast over heads and queries
        future_hide = torch.triu(torch.ones(T, T, dtype=torch.bool, device=tgt.device), diagonal=1)
        x = self.src_embed(src) * math.sqrt(self.d_model) + self.pe[:S]
        for layer in self.encoder_layers:
            x = layer(x, pad_hide)
        y = self.tgt_embed(tgt) * math.sqrt(self.d_model) + self.pe[:T]
        for layer in self.decoder_layers:
            y = layer(y, x, future_hide, pad_hide)
        return self.lm_head(y)
