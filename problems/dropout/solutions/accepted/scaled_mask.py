import torch


class Dropout:
    def __init__(self, p: float) -> None:
        if p < 0 or p >= 1:
            raise ValueError(f"dropout probability must be in [0, 1), got {p}")
        self.p = p
        self.mask = None  # the last forward's multiplier: 0 or 1 / (1 - p), or None after eval

    def forward(self, x: torch.Tensor, training: bool = True) -> torch.Tensor:
        if not training:
            self.mask = None
            return x
        keep = torch.rand_like(x) >= self.p  # P(keep) = 1 - p
        self.mask = keep.to(x.dtype) / (1 - self.p)  # inverted scaling folded into the mask
        return x * self.mask

    def backward(self, grad: torch.Tensor) -> torch.Tensor:
        # y = x * mask elementwise, so dL/dx = dL/dy * mask (the same mask, not a new one).
        if self.mask is None:
            return grad
        return grad * self.mask
