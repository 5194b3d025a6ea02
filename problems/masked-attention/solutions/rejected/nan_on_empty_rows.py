# expect: WRONG_ANSWER
import math

import torch


def solve(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Right for every row that has an allowed key, but a row with none is softmax of
    all -inf: 0/0 = NaN, and the NaN goes straight into the output."""
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])
    scores = scores.masked_fill(~mask, float("-inf"))
    return torch.softmax(scores, dim=-1) @ v
