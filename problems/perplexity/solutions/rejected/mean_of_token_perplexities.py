# expect: WRONG_ANSWER
import torch


def solve(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    m = logits.amax(dim=-1, keepdim=True)
    log_sum = torch.log(torch.exp(logits - m).sum(dim=-1))
    picked = logits.gather(-1, targets.unsqueeze(-1)).squeeze(-1)
    token_ce = log_sum - (picked - m.squeeze(-1))
    # exp per token, then the mean: the average of exp is not exp of the average.
    return torch.exp(token_ce).mean()
