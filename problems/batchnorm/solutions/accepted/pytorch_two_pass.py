import torch


def solve(x: torch.Tensor, gamma: torch.Tensor, beta: torch.Tensor, eps: float = 1e-5) -> torch.Tensor:
    # Statistics per feature: reduce over the batch dimension (dim 0) and keep
    # it, so mean and var have shape (1, C) and broadcast against x (N, C).
    mean = x.mean(dim=0, keepdim=True)
    var = ((x - mean) ** 2).mean(dim=0, keepdim=True)  # biased: divide by N
    x_hat = (x - mean) / torch.sqrt(var + eps)
    return gamma * x_hat + beta
