import torch


def solve(x, memory, wq, wk, wv, wo, n_heads):
    """The same maths written with einsum; heads are contiguous chunks of the channels."""
    B, Tq, C = x.shape
    Tk = memory.shape[1]
    if n_heads < 1 or C % n_heads:
        raise ValueError("n_heads must divide the channel count")
    hs = C // n_heads
    q = torch.einsum("btc,cd->btd", x, wq).reshape(B, Tq, n_heads, hs)
    k = torch.einsum("btc,cd->btd", memory, wk).reshape(B, Tk, n_heads, hs)
    v = torch.einsum("btc,cd->btd", memory, wv).reshape(B, Tk, n_heads, hs)
    scores = torch.einsum("bqhd,bkhd->bhqk", q, k) / hs**0.5
    weights = torch.softmax(scores, dim=-1)  # over the memory positions
    out = torch.einsum("bhqk,bkhd->bqhd", weights, v).reshape(B, Tq, C)
    return torch.einsum("btc,cd->btd", out, wo)
