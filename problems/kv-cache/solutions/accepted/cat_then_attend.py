import math

import torch


def solve(q_t: torch.Tensor, k_t: torch.Tensor, v_t: torch.Tensor, cache):
    """Grow the cache with torch.cat, then one row of attention over all of it."""
    if cache is None:
        keys, values = k_t, v_t  # the first token: the cache is just this entry
    else:
        past_k, past_v = cache
        keys = torch.cat((past_k, k_t), dim=-2)  # new entry last, along the time axis
        values = torch.cat((past_v, v_t), dim=-2)
    # No mask: every cached key is in the past (or is the current token itself).
    scores = torch.matmul(q_t, keys.transpose(-2, -1)) / math.sqrt(q_t.size(-1))  # (B, H, 1, t+1)
    out = torch.matmul(torch.softmax(scores, dim=-1), values)
    return out, (keys, values)
