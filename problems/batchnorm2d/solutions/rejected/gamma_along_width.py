# expect: RUNTIME_ERROR
import torch


def solve(x: torch.Tensor, gamma: torch.Tensor, beta: torch.Tensor, eps: float = 1e-5) -> torch.Tensor:
    mean = x.mean(dim=(0, 2, 3), keepdim=True)
    var = ((x - mean) ** 2).mean(dim=(0, 2, 3), keepdim=True)
    x_hat = (x - mean) / torch.sqrt(var + eps)
    # gamma and beta are (C,): broadcasting lines them up with the LAST axis (W),
    # not with the channels. That fails when W != C and is silently wrong when W == C.
    return gamma * x_hat + beta
