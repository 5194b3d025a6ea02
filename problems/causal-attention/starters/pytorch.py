import torch


def solve(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
    """Causal scaled dot-product attention.

    q, k, v: (B, H, T, D) float32. Position i attends to positions j <= i with
    weights softmax(q_i . k_j / sqrt(D)). Returns (B, H, T, D) float32.
    """
    raise NotImplementedError("compute the scores, mask the future, softmax over keys, weight v")
