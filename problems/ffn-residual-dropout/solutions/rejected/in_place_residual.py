# expect: WRONG_ANSWER
import torch


def solve(x, w1, b1, w2, b2, keep_mask, p):
    """`out = x` is not a copy: += writes the result into the caller's x."""
    h = torch.relu(x @ w1 + b1) @ w2 + b2
    out = x
    out += h * keep_mask / (1 - p)
    return torch.round(out, decimals=4)
