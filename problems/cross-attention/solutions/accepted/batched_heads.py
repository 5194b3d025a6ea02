import torch


def solve(x, memory, wq, wk, wv, wo, n_heads):
    """All heads at once: split C into (H, hs), attend in a (B, H, T, hs) batch."""
    B, Tq, C = x.shape
    Tk = memory.shape[1]
    if n_heads <= 0 or C % n_heads:
        raise ValueError(f"n_heads={n_heads} does not divide C={C}")
    hs = C // n_heads

    def split(t, T):  # (B, T, C) -> (B, H, T, hs): head h owns channels h*hs .. (h+1)*hs - 1
        return t.reshape(B, T, n_heads, hs).permute(0, 2, 1, 3)

    q = split(torch.matmul(x, wq), Tq)
    k = split(torch.matmul(memory, wk), Tk)
    v = split(torch.matmul(memory, wv), Tk)
    scores = torch.matmul(q, k.transpose(-1, -2)) * hs**-0.5  # (B, H, Tq, Tk)
    scores = scores - scores.amax(dim=-1, keepdim=True)  # stable softmax over the keys
    p = scores.exp()
    p = p / p.sum(dim=-1, keepdim=True)
    out = torch.matmul(p, v).permute(0, 2, 1, 3).reshape(B, Tq, C)
    return torch.matmul(out, wo)
