# expect: WRONG_ANSWER
import math

import torch


def _slopes(n: int) -> list[float]:
    """The slope schedule of the original ALiBi code: for H not a power of 2, take the
    slopes of the closest smaller power of 2 and fill up with every other slope of twice
    that many heads. It agrees with 2^(-8 (h + 1) / H) only when H is a power of 2."""
    def power_of_two(p: int) -> list[float]:
        start = 2.0 ** (-8.0 / p)
        return [start ** (i + 1) for i in range(p)]

    if math.log2(n).is_integer():
        return power_of_two(n)
    closest = 2 ** math.floor(math.log2(n))
    return power_of_two(closest) + power_of_two(2 * closest)[0::2][: n - closest]


def solve(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
    _, n_heads, t, d = q.shape
    m = torch.tensor(_slopes(n_heads), device=q.device)
    pos = torch.arange(t, device=q.device)
    back = (pos[:, None] - pos[None, :]).float()
    scores = q @ k.transpose(-2, -1) / math.sqrt(d) - m.view(n_heads, 1, 1) * back
    scores = scores.masked_fill(back < 0, float("-inf"))
    return torch.softmax(scores, dim=-1) @ v
