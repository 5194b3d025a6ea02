# expect: TOO_SLOW
import torch


def solve(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    # Correct, but one Python iteration per sample.
    n = logits.shape[0]
    grad = torch.empty_like(logits)
    for i in range(n):
        e = torch.exp(logits[i] - logits[i].max())
        grad[i] = e / e.sum()
        grad[i, targets[i]] -= 1.0
    return grad / n
