# expect: COMPILE_ERROR
import torch


def solve(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    # The built-in log-sum-exp is one of the APIs this problem asks you to write.
    picked = logits.gather(1, targets.unsqueeze(1)).squeeze(1)
    return (logits.logsumexp(dim=1) - picked).mean()
