# expect: WRONG_ANSWER
import torch


def solve(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    n = logits.shape[0]
    grad = torch.softmax(logits, dim=1)
    # grad[:, targets] selects the target columns of EVERY row: each row gets -1
    # at every class that is some sample's target, not only at its own.
    grad[:, targets] -= 1.0
    return grad / n
