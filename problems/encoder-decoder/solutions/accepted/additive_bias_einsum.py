import math

import torch
from torch import nn


def _attention(mod, x, mem, bias, heads):
    """einsum attention; `bias` is added to the scores (0 = visible, -inf = hidden)."""
    b, tq, d = x.shape
    tk = mem.shape[1]
    dk = d // heads
    q = mod.q_proj(x).view(b, tq, heads, dk)
    k = mod.k_proj(mem).view(b, tk, heads, dk)
    v = mod.v_proj(mem).view(b, tk, heads, dk)
    s = torch.einsum("bqhd,bkhd->bhqk", q, k) / math.sqrt(dk) + bias
    p = torch.exp(s - s.amax(dim=-1, keepdim=True))
    p = p / p.sum(dim=-1, keepdim=True)
    o = torch.einsum("bhqk,bkhd->bqhd", p, v).reshape(b, tq, d)
    return mod.out_proj(o)


def _projections(d):
    m = nn.Module()
    for name in ("q_proj", "k_proj", "v_proj", "out_proj"):
        setattr(m, name, nn.Linear(d, d))
    return m


def _ffn(layer, x):
    return layer.linear2(torch.clamp(layer.linear1(x), min=0.0))


class Transformer(nn.Module):
    def __init__(self, src_vocab, tgt_vocab, d_model, n_heads, d_ff, n_layers, max_len):
        super().__init__()
        if n_heads <= 0 or d_model % n_heads != 0:
            raise ValueError(f"cannot split d_model={d_model} into {n_heads} heads")
        self.heads = n_heads
        self.src_embed = nn.Embedding(src_vocab, d_model)
        self.tgt_embed = nn.Embedding(tgt_vocab, d_model)
        pe = torch.zeros(max_len, d_model, dtype=torch.float64)
        pos = torch.arange(max_len, dtype=torch.float64).unsqueeze(1)
        div = torch.exp(torch.arange(0, d_model, 2, dtype=torch.float64) * (-math.log(10000.0) / d_model))
        pe[:, 0::2] = torch.sin(pos * div)
        pe[:, 1::2] = torch.cos(pos * div)
        self.register_buffer("pe", pe.to(torch.float32))
        self.encoder_layers = nn.ModuleList()
        for _ in range(n_layers):
            layer = nn.Module()
            layer.self_attn = _projections(d_model)
            layer.norm1 = nn.LayerNorm(d_model)
            layer.linear1 = nn.Linear(d_model, d_ff)
            layer.linear2 = nn.Linear(d_ff, d_model)
            layer.norm2 = nn.LayerNorm(d_model)
            self.encoder_layers.append(layer)
        self.decoder_layers = nn.ModuleList()
        for _ in range(n_layers):
            layer = nn.Module()
            layer.self_attn = _projections(d_model)
            layer.norm1 = nn.LayerNorm(d_model)
            layer.cross_attn = _projections(d_model)
            layer.norm2 = nn.LayerNorm(d_model)
            layer.linear1 = nn.Linear(d_model, d_ff)
            layer.linear2 = nn.Linear(d_ff, d_model)
            layer.norm3 = nn.LayerNorm(d_model)
            self.decoder_layers.append(layer)
        self.lm_head = nn.Linear(d_model, tgt_vocab)

    def forward(self, src, tgt, src_pad_mask):
        d = self.src_embed.embedding_dim
        S, T = src.shape[1], tgt.shape[1]
        zero = torch.zeros((), device=src.device)
        neg = torch.full((), float("-inf"), device=src.device)
        pad_bias = torch.where(src_pad_mask, neg, zero)[:, None, None, :]  # (B, 1, 1, S)
        causal_bias = torch.where(torch.ones(T, T, dtype=torch.bool, device=src.device).tril(), zero, neg)
        x = self.src_embed(src) * d**0.5 + self.pe[:S]
        for L in self.encoder_layers:
            x = L.norm1(x + _attention(L.self_attn, x, x, pad_bias, self.heads))
            x = L.norm2(x + _ffn(L, x))
        y = self.tgt_embed(tgt) * d**0.5 + self.pe[:T]
        for L in self.decoder_layers:
            y = L.norm1(y + _attention(L.self_attn, y, y, causal_bias, self.heads))
            y = L.norm2(y + _attention(L.cross_attn, y, x, pad_bias, self.heads))
            y = L.norm3(y + _ffn(L, y))
        return self.lm_head(y)
