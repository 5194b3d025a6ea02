import torch


def solve(x: torch.Tensor, gamma: torch.Tensor, beta: torch.Tensor, eps: float = 1e-5) -> torch.Tensor:
    n, c, h, w = x.shape
    # Move channels first and flatten the rest: row k holds every value of
    # channel k, so BatchNorm2d becomes a per-row normalisation of (C, N*H*W).
    rows = x.transpose(0, 1).reshape(c, n * h * w)
    var, mean = torch.var_mean(rows, dim=1, correction=0)
    scale = gamma * torch.rsqrt(var + eps)  # (C,): gamma / sqrt(var + eps)
    # Subtract the mean before scaling: a constant channel then gives exactly beta.
    return (x - mean.view(1, c, 1, 1)) * scale.view(1, c, 1, 1) + beta.view(1, c, 1, 1)
