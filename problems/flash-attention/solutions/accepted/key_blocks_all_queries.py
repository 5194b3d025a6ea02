import math

import torch

KEY_BLOCK = 128  # scores held at once: T x 128 per head (4 MiB at T = 8192)


def solve(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, causal: bool) -> torch.Tensor:
    """Every query at once, keys one block at a time, with running (max, sum, acc) per query."""
    b, h, t, d = q.shape
    qs = q * (1.0 / math.sqrt(d))
    run_max = q.new_full((b, h, t, 1), float("-inf"))
    run_sum = q.new_zeros((b, h, t, 1))
    acc = q.new_zeros((b, h, t, d))
    for j0 in range(0, t, KEY_BLOCK):
        j1 = min(j0 + KEY_BLOCK, t)
        # Causal: queries before j0 see none of these keys, so only rows j0.. take part.
        r0 = j0 if causal else 0
        s = qs[:, :, r0:] @ k[:, :, j0:j1].transpose(-2, -1)          # (b, h, t - r0, j1 - j0)
        if causal:
            i = torch.arange(r0, t, device=q.device)[:, None]
            j = torch.arange(j0, j1, device=q.device)[None, :]
            s = s.masked_fill(j > i, float("-inf"))
        # Row r0 always sees key j0 (itself or, not causal, everything): the block max is finite.
        new_max = torch.maximum(run_max[:, :, r0:], s.amax(dim=-1, keepdim=True))
        rescale = torch.exp(run_max[:, :, r0:] - new_max)                # exp(-inf) = 0 at the start
        p = torch.exp(s - new_max)
        run_sum[:, :, r0:] = run_sum[:, :, r0:] * rescale + p.sum(dim=-1, keepdim=True)
        acc[:, :, r0:] = acc[:, :, r0:] * rescale + p @ v[:, :, j0:j1]
        run_max[:, :, r0:] = new_max
    return acc / run_sum
