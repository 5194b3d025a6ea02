# expect: WRONG_ANSWER
import torch


class Dropout:
    def __init__(self, p: float) -> None:
        if not 0 <= p < 1:
            raise ValueError("p must be in [0, 1)")
        self.p = p
        self.mask = None

    def forward(self, x: torch.Tensor, training: bool = True) -> torch.Tensor:
        if not training:
            self.mask = None
            return x
        self.mask = (torch.rand_like(x) >= self.p).to(x.dtype) / (1 - self.p)
        # In place: the caller's x is overwritten (it may still be needed elsewhere,
        # e.g. by a residual connection).
        return x.mul_(self.mask)

    def backward(self, grad: torch.Tensor) -> torch.Tensor:
        return grad if self.mask is None else grad * self.mask
