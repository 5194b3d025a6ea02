# expect: COMPILE_ERROR
import torch
import torch.nn.functional as F


class Dropout:
    def __init__(self, p: float) -> None:
        if not 0 <= p < 1:
            raise ValueError("p must be in [0, 1)")
        self.p = p
        self.mask = None

    def forward(self, x: torch.Tensor, training: bool = True) -> torch.Tensor:
        # The built-in is what the problem asks you to write (and its mask is hidden).
        y = F.dropout(x, self.p, training=training)
        self.mask = None if not training else y / x
        return y

    def backward(self, grad: torch.Tensor) -> torch.Tensor:
        return grad if self.mask is None else grad * self.mask
