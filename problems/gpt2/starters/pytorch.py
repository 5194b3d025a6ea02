import torch
import torch.nn.functional as F
from torch import nn


class GPT(nn.Module):
    """A GPT-2 style decoder-only transformer (pre-LN, tanh-GELU, tied embeddings).

    state_dict keys (nn.Linear weights are (out, in)):
      transformer.wte.weight (V, C), transformer.wpe.weight (block_size, C),
      transformer.h.{i}.ln_1.{weight,bias}, .attn.c_attn.{weight,bias} (3C, C)/(3C,),
      .attn.c_proj.{weight,bias}, .ln_2.{weight,bias}, .mlp.c_fc.{weight,bias} (4C, C)/(4C,),
      .mlp.c_proj.{weight,bias} (C, 4C)/(C,), transformer.ln_f.{weight,bias},
      lm_head.weight (V, C), the SAME Parameter as transformer.wte.weight (no bias).
    No persistent buffers. n_embd not divisible by n_head -> ValueError.
    """

    def __init__(self, vocab_size: int, block_size: int, n_layer: int, n_head: int, n_embd: int) -> None:
        super().__init__()
        raise NotImplementedError("build the model here")

    def forward(self, idx: torch.Tensor) -> torch.Tensor:
        """idx: int64 (B, T) with T <= block_size -> logits float32 (B, T, vocab_size)."""
        raise NotImplementedError


def generate(model: GPT, idx: torch.Tensor, max_new_tokens: int) -> torch.Tensor:
    """Greedy decoding: append argmax of the last position's logits, max_new_tokens times,
    feeding the model at most its last block_size tokens. Return int64
    (B, T0 + max_new_tokens): the prompt followed by the new tokens."""
    raise NotImplementedError
