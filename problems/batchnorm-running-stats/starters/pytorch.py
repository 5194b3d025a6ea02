import torch
from torch import nn


class BatchNorm1d(nn.Module):
    """Batch normalization over (N, C) inputs that keeps running statistics."""

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float = 0.1) -> None:
        super().__init__()
        # weight: nn.Parameter of ones (C,); bias: nn.Parameter of zeros (C,)
        # buffers: running_mean = zeros (C,), running_var = ones (C,) (register_buffer)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """(N, C) -> (N, C).

        self.training True: normalize with the batch mean and biased batch variance, and
        update the running statistics (unbiased variance, new = (1 - momentum) * old +
        momentum * batch). False: normalize with the running statistics, unchanged.
        """
        raise NotImplementedError("write your solution here")
