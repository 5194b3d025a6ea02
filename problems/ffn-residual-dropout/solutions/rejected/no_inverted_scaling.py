# expect: WRONG_ANSWER
import torch


def solve(x, w1, b1, w2, b2, keep_mask, p):
    """Zeroes the dropped values but never scales the kept ones by 1 / (1 - p)."""
    h = torch.relu(x @ w1 + b1) @ w2 + b2
    return torch.round(x + h * keep_mask, decimals=4)
