# expect: WRONG_ANSWER
import torch


def solve(probs: torch.Tensor, targets: torch.Tensor, eps: float = 1e-7) -> torch.Tensor:
    # Clips to [eps, 1 - eps] as binary cross-entropy does: a correct prediction
    # with probability 1 then costs -log(1 - eps) instead of 0.
    clipped = probs.clamp(eps, 1.0 - eps)
    rows = torch.arange(probs.shape[0], device=probs.device)
    return -torch.log(clipped[rows, targets]).mean()
