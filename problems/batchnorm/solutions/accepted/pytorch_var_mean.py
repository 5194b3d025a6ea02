import torch


def solve(x: torch.Tensor, gamma: torch.Tensor, beta: torch.Tensor, eps: float = 1e-5) -> torch.Tensor:
    # correction=0: the population (biased) variance that training-mode BatchNorm
    # normalises with. Both statistics have shape (C,), which broadcasts over rows.
    var, mean = torch.var_mean(x, dim=0, correction=0)
    return (x - mean) * torch.rsqrt(var + eps) * gamma + beta
