import torch


def solve(x: torch.Tensor, weight: torch.Tensor, eps: float = 1e-6) -> torch.Tensor:
    """RMSNorm over the last dimension: x / sqrt(mean(x^2) + eps) * weight.

    x: float32 (..., C); weight: float32 (C,); eps: added inside the square root.
    No mean subtraction, no bias. Return a new tensor shaped like x.
    F.rms_norm and nn.RMSNorm are not allowed.
    """
    raise NotImplementedError("write your solution here")
