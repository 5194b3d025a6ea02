import math

import torch
from torch import nn


class Transformer(nn.Module):
    """Post-LN encoder-decoder Transformer; every name below is part of the contract.

    src_embed, tgt_embed: nn.Embedding; pe: persistent buffer (max_len, d_model), interleaved sin/cos
    encoder_layers[i]: self_attn.{q_proj,k_proj,v_proj,out_proj}, norm1, linear1, linear2, norm2
    decoder_layers[i]: self_attn.*, norm1, cross_attn.*, norm2, linear1, linear2, norm3
    lm_head: nn.Linear(d_model, tgt_vocab)
    """

    def __init__(
        self, src_vocab: int, tgt_vocab: int, d_model: int, n_heads: int, d_ff: int, n_layers: int, max_len: int
    ) -> None:
        super().__init__()
        # d_model not divisible by n_heads -> ValueError

    def forward(self, src: torch.Tensor, tgt: torch.Tensor, src_pad_mask: torch.Tensor) -> torch.Tensor:
        """src (B, S), tgt (B, T) int64; src_pad_mask (B, S) bool, True = padding.

        Returns logits (B, T, tgt_vocab): embeddings * sqrt(d_model) + pe, the encoder (padding
        hidden), the decoder (causal self-attention, cross-attention with padding hidden), lm_head.
        """
        raise NotImplementedError
