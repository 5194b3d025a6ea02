import torch


def solve(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    n = logits.shape[0]
    m = torch.max(logits, dim=1, keepdim=True).values
    # Log-probabilities without ever forming a probability that could underflow:
    # log p = (x - m) - log(sum exp(x - m)).
    log_probs = (logits - m) - torch.log(torch.sum(torch.exp(logits - m), dim=1, keepdim=True))
    # One entry per row: row i, column targets[i].
    return -log_probs[torch.arange(n, device=logits.device), targets].mean()
