# expect: WRONG_ANSWER
import math

import torch


def solve(q_t: torch.Tensor, k_t: torch.Tensor, v_t: torch.Tensor, cache):
    """Prepends the new entry. The attention output is the same (a softmax does not care
    about the order of the keys), but the cache is in the wrong order: position t is
    first instead of last, and the next steps would see a scrambled history."""
    keys = k_t if cache is None else torch.cat([k_t, cache[0]], dim=2)
    values = v_t if cache is None else torch.cat([v_t, cache[1]], dim=2)
    scores = q_t @ keys.transpose(-2, -1) / math.sqrt(q_t.shape[-1])
    return torch.softmax(scores, dim=-1) @ values, (keys, values)
