# expect: WRONG_ANSWER
import math

import torch


def solve(q_t: torch.Tensor, k_t: torch.Tensor, v_t: torch.Tensor, cache):
    """Copies the causal mask of full-sequence attention onto the (1, t+1) score row:
    tril keeps only column 0 of a one-row matrix, so the query sees the first token only."""
    keys = k_t if cache is None else torch.cat([cache[0], k_t], dim=2)
    values = v_t if cache is None else torch.cat([cache[1], v_t], dim=2)
    scores = q_t @ keys.transpose(-2, -1) / math.sqrt(q_t.shape[-1])  # (B, H, 1, t+1)
    n = keys.shape[2]
    tril = torch.tril(torch.ones(1, n, device=q_t.device))
    scores = scores.masked_fill(tril == 0, float("-inf"))
    return torch.softmax(scores, dim=-1) @ values, (keys, values)
