# expect: WRONG_ANSWER
import torch


def solve(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    # softmax - one_hot is the gradient of the SUM of the losses; the loss is
    # their mean, so every entry must also be divided by N.
    grad = torch.softmax(logits, dim=1)
    grad[torch.arange(logits.shape[0]), targets] -= 1.0
    return grad
