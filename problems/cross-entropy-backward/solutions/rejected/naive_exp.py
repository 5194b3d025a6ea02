# expect: WRONG_ANSWER
import torch
import torch.nn.functional as F


def solve(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    # No max shift: exp(1e4) is inf and inf / inf is NaN.
    e = torch.exp(logits)
    probs = e / e.sum(dim=1, keepdim=True)
    return (probs - F.one_hot(targets, logits.shape[1]).float()) / logits.shape[0]
