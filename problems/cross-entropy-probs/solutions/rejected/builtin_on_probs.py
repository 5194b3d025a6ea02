# expect: WRONG_ANSWER
import torch
import torch.nn.functional as F


def solve(probs: torch.Tensor, targets: torch.Tensor, eps: float = 1e-7) -> torch.Tensor:
    # F.cross_entropy expects logits: it applies its own softmax to the
    # probabilities, computing the loss of softmax(probs), not of probs.
    return F.cross_entropy(probs.clamp(eps, 1.0), targets)
