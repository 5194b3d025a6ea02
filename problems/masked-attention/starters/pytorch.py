import torch


def solve(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Scaled dot-product attention restricted by a boolean mask.

    q, k, v: (B, H, T, D) float32. mask: bool (B, 1, T, T) or (B, H, T, T),
    mask[..., i, j] True = query i may attend to key j (a size-1 head axis is shared
    by every head). Weights: softmax over the allowed keys of q_i . k_j / sqrt(D).
    A query with no allowed key outputs zeros (never NaN).
    Returns a new (B, H, T, D) float32 tensor; do not modify the inputs.
    """
    raise NotImplementedError("scale the scores, mask them, softmax over the keys, handle empty rows, weight v")
