import torch


def solve(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
    """Causal attention with ALiBi biases.

    q, k, v: (B, H, T, D) float32. Score of query i and key j <= i in head h:
    q_i . k_j / sqrt(D) - m_h * (i - j), with m_h = 2 ** (-8 * (h + 1) / H)
    (the same formula for every H, power of 2 or not). Keys j > i are masked.
    Returns a new (B, H, T, D) float32 tensor.
    """
    raise NotImplementedError("scale the scores, add the per-head linear bias, mask the future, softmax, weight v")
