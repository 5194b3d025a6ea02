# expect: WRONG_ANSWER
import math

import torch


def solve(q_t: torch.Tensor, k_t: torch.Tensor, v_t: torch.Tensor, cache):
    """Attends over the past plus the new token correctly, but hands back the old cache:
    the next step would never see this token again."""
    if cache is None:
        keys, values = k_t, v_t
    else:
        keys = torch.cat([cache[0], k_t], dim=2)
        values = torch.cat([cache[1], v_t], dim=2)
    scores = q_t @ keys.transpose(-2, -1) / math.sqrt(q_t.shape[-1])
    out = torch.softmax(scores, dim=-1) @ values
    return out, (cache if cache is not None else (k_t, v_t))
