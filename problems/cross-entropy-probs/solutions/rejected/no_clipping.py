# expect: WRONG_ANSWER
import torch


def solve(probs: torch.Tensor, targets: torch.Tensor, eps: float = 1e-7) -> torch.Tensor:
    # No clipping: a target probability of exactly 0 gives -log(0) = inf.
    rows = torch.arange(probs.shape[0], device=probs.device)
    return -torch.log(probs[rows, targets]).mean()
