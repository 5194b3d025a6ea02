# expect: WRONG_ANSWER
import torch


def solve(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    # No max shift: exp(1e4) overflows to inf, and log(inf) - x is inf or NaN.
    log_sum = torch.log(torch.exp(logits).sum(dim=1))
    picked = logits[torch.arange(logits.shape[0]), targets]
    return (log_sum - picked).mean()
