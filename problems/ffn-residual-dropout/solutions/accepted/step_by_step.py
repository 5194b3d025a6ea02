import torch


def solve(x, w1, b1, w2, b2, keep_mask, p):
    residual = x  # only read below, never written in place
    h = torch.relu(x @ w1 + b1) @ w2 + b2
    h = h * keep_mask.float() / (1 - p)  # inverted dropout on the sub-layer output
    return torch.round(residual + h, decimals=4)
