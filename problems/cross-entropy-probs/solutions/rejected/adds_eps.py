# expect: WRONG_ANSWER
import torch


def solve(probs: torch.Tensor, targets: torch.Tensor, eps: float = 1e-7) -> torch.Tensor:
    # log(p + eps) instead of log(max(p, eps)): finite at p = 0, but every other
    # probability is shifted too, which shows once eps is not tiny.
    rows = torch.arange(probs.shape[0], device=probs.device)
    return -torch.log(probs[rows, targets] + eps).mean()
