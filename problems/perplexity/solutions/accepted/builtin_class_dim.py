import torch
import torch.nn.functional as F


def solve(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    # F.cross_entropy wants the classes in dimension 1: (B, V, T) with targets (B, T).
    # Its default reduction is the mean over every one of the B * T positions.
    loss = F.cross_entropy(logits.permute(0, 2, 1), targets)
    return loss.exp()
