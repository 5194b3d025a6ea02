import torch


def solve(x: torch.Tensor, gamma: torch.Tensor, beta: torch.Tensor, eps: float = 1e-5) -> torch.Tensor:
    """Normalise each vector along the last dimension of x, then scale and shift.

    x: float32 (..., C); gamma, beta: float32 (C,); eps: added to the variance.
    Return a tensor shaped like x. torch.nn.functional.layer_norm is not allowed.
    """
    raise NotImplementedError("write your solution here")
