# expect: WRONG_ANSWER
import torch


def solve(x: torch.Tensor, gamma: torch.Tensor, beta: torch.Tensor, eps: float = 1e-5) -> torch.Tensor:
    mean = torch.mean(x, dim=0, keepdim=True)
    # .mean() with no dim averages the squared deviations of ALL elements: one
    # pooled variance for every feature instead of one variance per feature.
    var = torch.pow(x - mean, 2).mean()
    x_hat = (x - mean) / torch.sqrt(var + eps)
    return gamma * x_hat + beta
