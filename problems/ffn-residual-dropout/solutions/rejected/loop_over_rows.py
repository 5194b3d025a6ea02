# expect: TOO_SLOW
import torch


def solve(x, w1, b1, w2, b2, keep_mask, p):
    """Correct, but one row at a time from Python: 8192 small matrix-vector products."""
    out = torch.empty_like(x)
    for i in range(x.shape[0]):
        h = torch.relu(x[i] @ w1 + b1) @ w2 + b2
        out[i] = x[i] + h * keep_mask[i] / (1 - p)
    return torch.round(out, decimals=4)
