import torch


def solve(x, w1, b1, w2, b2, keep_mask, p):
    """Fused bias-and-matmul (addmm), dropout with torch.where, residual last, then round."""
    hidden = torch.addmm(b1, x, w1).relu()  # (N, d_ff)
    h = torch.addmm(b2, hidden, w2)  # (N, d)
    dropped = torch.where(keep_mask, h * (1.0 / (1.0 - p)), torch.zeros_like(h))
    out = x + dropped  # a new tensor: x itself is untouched
    return torch.round(out * 10000) / 10000
