import torch


def solve(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    n = logits.shape[0]
    # torch.softmax is allowed here; it subtracts the row maximum internally.
    # Scale by 1/N first, then take 1/N off each row's target entry.
    grad = torch.softmax(logits, dim=1) / n
    rows = torch.arange(n, device=logits.device)
    grad[rows, targets] -= 1.0 / n   # grad is a fresh tensor: logits stay untouched
    return grad
