# expect: WRONG_ANSWER
import torch


def solve(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    # Normalises over dim=1, the time axis of (B, T, V), instead of over the
    # vocabulary: each "distribution" runs across positions, not next tokens.
    m = logits.amax(dim=1, keepdim=True)
    e = torch.exp(logits - m)
    probs = e / e.sum(dim=1, keepdim=True)
    picked = probs.gather(-1, targets.unsqueeze(-1)).squeeze(-1)
    return torch.exp(-torch.log(picked).mean())
