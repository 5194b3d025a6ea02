# expect: RUNTIME_ERROR
import torch


def solve(x, w1, b1, w2, b2, keep_mask, p):
    """Transposes the weights as for nn.Linear's (out, in) layout; here w1 is already (d, d_ff)."""
    h = torch.relu(x @ w1.T + b1) @ w2.T + b2
    return torch.round(x + h * keep_mask / (1 - p), decimals=4)
