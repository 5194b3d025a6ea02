# expect: WRONG_ANSWER
import torch


def solve(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    m = logits.amax(dim=1, keepdim=True)
    log_sum = torch.log(torch.exp(logits - m).sum(dim=1))
    picked = (logits - m).gather(1, targets.unsqueeze(1)).squeeze(1)
    # .item() turns the 0-dim tensor into a Python float: the contract is a tensor.
    return (log_sum - picked).mean().item()
