# expect: WRONG_ANSWER
import torch


def solve(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    # Saves memory by turning the logits into probabilities in place: the values
    # are right, but the caller's logits are destroyed.
    n = logits.shape[0]
    logits.sub_(logits.amax(dim=1, keepdim=True)).exp_()
    logits.div_(logits.sum(dim=1, keepdim=True))
    logits[torch.arange(n), targets] -= 1.0
    return logits.div_(n)
