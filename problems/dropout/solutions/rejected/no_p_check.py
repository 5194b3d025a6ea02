# expect: WRONG_ANSWER
import torch


class Dropout:
    def __init__(self, p: float) -> None:
        # No validation: p = 1, negative p and p > 1 are accepted instead of raising ValueError.
        self.p = p
        self.mask = None

    def forward(self, x: torch.Tensor, training: bool = True) -> torch.Tensor:
        if not training:
            self.mask = None
            return x
        self.mask = (torch.rand_like(x) >= self.p).to(x.dtype) / (1 - self.p)
        return x * self.mask

    def backward(self, grad: torch.Tensor) -> torch.Tensor:
        return grad if self.mask is None else grad * self.mask
