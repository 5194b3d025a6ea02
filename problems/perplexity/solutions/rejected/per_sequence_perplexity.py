# expect: WRONG_ANSWER
import torch
import torch.nn.functional as F


def solve(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    b, t, v = logits.shape
    token_ce = F.cross_entropy(logits.reshape(b * t, v), targets.reshape(b * t), reduction="none")
    # One perplexity per sequence, then their average: not the perplexity of
    # the batch, which averages the cross-entropy over all tokens first.
    return torch.exp(token_ce.reshape(b, t).mean(dim=1)).mean()
