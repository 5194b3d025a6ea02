# expect: WRONG_ANSWER
import torch


def solve(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    # No max shift: exp(100) overflows float32 to inf, and the loss becomes inf - x
    # (inf) or inf / inf (NaN).
    probs = torch.exp(logits) / torch.exp(logits).sum(dim=-1, keepdim=True)
    picked = probs.gather(-1, targets.unsqueeze(-1)).squeeze(-1)
    return torch.exp(-torch.log(picked).mean())
