# expect: RUNTIME_ERROR
import math

import torch


def solve(q_t: torch.Tensor, k_t: torch.Tensor, v_t: torch.Tensor, cache):
    """Right whenever there is a cache, but the first step passes cache=None and
    `past_k, past_v = cache` raises TypeError (cannot unpack None)."""
    past_k, past_v = cache
    keys = torch.cat([past_k, k_t], dim=2)
    values = torch.cat([past_v, v_t], dim=2)
    scores = q_t @ keys.transpose(-2, -1) / math.sqrt(q_t.shape[-1])
    return torch.softmax(scores, dim=-1) @ values, (keys, values)
