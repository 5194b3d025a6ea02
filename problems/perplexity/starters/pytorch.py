import torch


def solve(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """Perplexity: exp of the mean cross-entropy over all B * T tokens (0-dim float32).

    logits: (B, T, V) float32 scores over the vocabulary at every position,
    targets: (B, T) int64 next-token ids.
    """
    raise NotImplementedError("write your solution here")
