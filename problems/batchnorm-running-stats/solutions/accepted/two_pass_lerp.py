import torch
from torch import nn


class BatchNorm1d(nn.Module):
    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float = 0.1) -> None:
        super().__init__()
        self.eps = eps
        self.momentum = momentum
        self.weight = nn.Parameter(torch.ones(num_features))
        self.bias = nn.Parameter(torch.zeros(num_features))
        self.register_buffer("running_mean", torch.zeros(num_features))
        self.register_buffer("running_var", torch.ones(num_features))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if not self.training:
            inv_std = torch.rsqrt(self.running_var + self.eps)
            return (x - self.running_mean) * inv_std * self.weight + self.bias
        n = x.shape[0]
        mean = x.mean(dim=0)                      # (C,): one mean per feature
        centered = x - mean
        sq_sum = (centered * centered).sum(dim=0)
        var = sq_sum / n                          # biased: what normalizes this batch
        with torch.no_grad():
            # lerp(a, b, w) = a + w (b - a) = (1 - w) a + w b
            self.running_mean.lerp_(mean, self.momentum)
            self.running_var.lerp_(sq_sum / (n - 1), self.momentum)   # unbiased estimate
        return centered / torch.sqrt(var + self.eps) * self.weight + self.bias
