# expect: WRONG_ANSWER
import torch
import torch.nn.functional as F


def solve(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    v = logits.shape[-1]
    loss = F.cross_entropy(logits.reshape(-1, v), targets.reshape(-1))
    # The loss is in nats (natural log), so its perplexity is e^loss; 2^loss
    # would only be right for a loss measured in bits.
    return torch.pow(2.0, loss)
