# expect: WRONG_ANSWER
import torch


def solve(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    m = logits.amax(dim=1, keepdim=True)
    log_probs = (logits - m) - torch.log(torch.exp(logits - m).sum(dim=1, keepdim=True))
    # log_probs[:, targets] is (N, N): every row paired with every target, not
    # row i with targets[i]. Its mean is not the loss.
    return -log_probs[:, targets].mean()
