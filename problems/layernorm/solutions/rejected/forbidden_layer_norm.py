# expect: COMPILE_ERROR
import torch
import torch.nn.functional as F


def solve(x: torch.Tensor, gamma: torch.Tensor, beta: torch.Tensor, eps: float = 1e-5) -> torch.Tensor:
    # The built-in is what the problem asks you to implement.
    return F.layer_norm(x, (x.shape[-1],), gamma, beta, eps)
