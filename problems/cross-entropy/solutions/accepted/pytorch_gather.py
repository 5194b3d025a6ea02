import torch


def solve(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    # Shift each row by its maximum: every exponent is <= 0, the sum is >= 1.
    row_max = logits.amax(dim=1, keepdim=True)
    shifted = logits - row_max
    log_sum = torch.log(torch.exp(shifted).sum(dim=1))
    # The target's shifted logit, one per row: (N, 1) -> (N,).
    picked = shifted.gather(1, targets.unsqueeze(1)).squeeze(1)
    # -log softmax = log(sum exp(shifted)) - shifted[target]
    return (log_sum - picked).mean()
