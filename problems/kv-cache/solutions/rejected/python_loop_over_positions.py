# expect: TOO_SLOW
import math

import torch


def solve(q_t: torch.Tensor, k_t: torch.Tensor, v_t: torch.Tensor, cache):
    """Correct, but walks the cache one position at a time from Python: a dot product
    per cached key, then a weighted sum built up one value at a time."""
    keys = k_t if cache is None else torch.cat([cache[0], k_t], dim=2)
    values = v_t if cache is None else torch.cat([cache[1], v_t], dim=2)
    scale = 1.0 / math.sqrt(q_t.shape[-1])
    n = keys.shape[2]
    scores = torch.empty(q_t.shape[0], q_t.shape[1], n, device=q_t.device)
    for j in range(n):
        scores[:, :, j] = (q_t[:, :, 0] * keys[:, :, j]).sum(dim=-1) * scale
    weights = torch.softmax(scores, dim=-1)
    out = torch.zeros_like(q_t)
    for j in range(n):
        out[:, :, 0] += weights[:, :, j, None] * values[:, :, j]
    return out, (keys, values)
