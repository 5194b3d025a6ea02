# expect: WRONG_ANSWER
import torch


def solve(x, w1, b1, w2, b2, keep_mask, p):
    """Adds the residual first and drops out the sum: the skip path itself gets dropped and rescaled."""
    h = torch.relu(x @ w1 + b1) @ w2 + b2
    out = (x + h) * keep_mask / (1 - p)
    return torch.round(out, decimals=4)
