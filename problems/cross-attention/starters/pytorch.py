import torch


def solve(
    x: torch.Tensor,
    memory: torch.Tensor,
    wq: torch.Tensor,
    wk: torch.Tensor,
    wv: torch.Tensor,
    wo: torch.Tensor,
    n_heads: int,
) -> torch.Tensor:
    """Multi-head cross-attention: queries from x (B, Tq, C), keys and values from memory (B, Tk, C).

    Q = x @ wq, K = memory @ wk, V = memory @ wv (weights (C, C), no biases); head h uses
    channels h*hs:(h+1)*hs with hs = C // n_heads; softmax(Q_h K_h^T / sqrt(hs)) over the
    memory positions, no mask; heads concatenated in order, then @ wo.
    Return (B, Tq, C) float32. Raise ValueError if n_heads does not divide C.
    """
    raise NotImplementedError("project, split into heads, attend over memory, merge, project")
