import torch


def solve(logits: torch.Tensor, temperature: float, top_k: int | None, u: torch.Tensor) -> torch.Tensor:
    """Pick one next token per row, deterministically from the uniform numbers u.

    logits: (B, V) float32; temperature: float >= 0; top_k: int or None;
    u: (B,) float32 in [0, 1). Return an int64 tensor of shape (B,).
    """
    raise NotImplementedError("write your solution here")
