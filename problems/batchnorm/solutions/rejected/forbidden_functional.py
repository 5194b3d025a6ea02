# expect: COMPILE_ERROR
import torch
import torch.nn.functional as F


def solve(x: torch.Tensor, gamma: torch.Tensor, beta: torch.Tensor, eps: float = 1e-5) -> torch.Tensor:
    # The built-in in training mode, without running statistics: exactly what
    # the problem asks you to write yourself.
    return F.batch_norm(x, None, None, weight=gamma, bias=beta, training=True, eps=eps)
