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
        # Drops elements but forgets to divide the survivors by (1 - p): the expected
        # value of each output is (1 - p) * x instead of x.
        self.mask = (torch.rand_like(x) >= self.p).to(x.dtype)
        return x * self.mask

    def backward(self, grad: torch.Tensor) -> torch.Tensor:
        return grad if self.mask is None else grad * self.mask
