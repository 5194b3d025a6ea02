# expect: WRONG_ANSWER
import math

import torch


def solve(q_t: torch.Tensor, k_t: torch.Tensor, v_t: torch.Tensor, cache):
    """Attends over the cache as it was before this step and appends afterwards: the
    current token never attends to itself (on the first step it uses itself only because
    nothing else exists)."""
    if cache is None:
        past_k, past_v = k_t, v_t
    else:
        past_k, past_v = cache
    scores = q_t @ past_k.transpose(-2, -1) / math.sqrt(q_t.shape[-1])
    out = torch.softmax(scores, dim=-1) @ past_v
    if cache is None:
        return out, (k_t, v_t)
    return out, (torch.cat([past_k, k_t], dim=2), torch.cat([past_v, v_t], dim=2))
