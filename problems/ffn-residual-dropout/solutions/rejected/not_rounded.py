# expect: WRONG_ANSWER
import torch


def solve(x, w1, b1, w2, b2, keep_mask, p):
    """Every value within 5e-5 of the answer, but never rounded to 4 decimal places."""
    h = torch.relu(x @ w1 + b1) @ w2 + b2
    return x + h * keep_mask / (1 - p)
