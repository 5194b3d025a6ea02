# expect: WRONG_ANSWER
import torch


class Dropout:
    def __init__(self, p: float) -> None:
        if not 0 <= p < 1:
            raise ValueError("p must be in [0, 1)")
        self.p = p
        self.mask = None
        self.training = True

    def forward(self, x: torch.Tensor, training: bool = True) -> torch.Tensor:
        self.training = training
        if not training:
            return x
        # "backward reuses the mask" taken too far: the mask is drawn on the first
        # forward and then reused by every later forward of the same shape.
        if self.mask is None or self.mask.shape != x.shape:
            self.mask = (torch.rand_like(x) >= self.p).to(x.dtype) / (1 - self.p)
        return x * self.mask

    def backward(self, grad: torch.Tensor) -> torch.Tensor:
        return grad * self.mask if self.training else grad
