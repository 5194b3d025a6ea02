# expect: WRONG_ANSWER
import torch


def solve(probs: torch.Tensor, targets: torch.Tensor, eps: float = 1e-7) -> torch.Tensor:
    # The right numbers, but clamp_ writes into the caller's tensor: after the
    # call its zeros have become eps. Inputs must not be modified.
    probs.clamp_(min=eps, max=1.0)
    rows = torch.arange(probs.shape[0], device=probs.device)
    return -torch.log(probs[rows, targets]).mean()
