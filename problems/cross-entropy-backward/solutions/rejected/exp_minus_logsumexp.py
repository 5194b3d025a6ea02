# expect: WRONG_ANSWER
import torch
import torch.nn.functional as F


def solve(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    # Stable, but logsumexp near 1e4 is a float32 number rounded to about 1e-3:
    # exp(x - lse) then carries a relative error of about 1e-3 in every probability.
    probs = torch.exp(logits - torch.logsumexp(logits, dim=1, keepdim=True))
    return (probs - F.one_hot(targets, logits.shape[1]).float()) / logits.shape[0]
