# expect: WRONG_ANSWER
import torch


class Dropout:
    def __init__(self, p: float) -> None:
        if not 0 <= p < 1:
            raise ValueError("p must be in [0, 1)")
        self.p = p
        self.training = True

    def _mask(self, like: torch.Tensor) -> torch.Tensor:
        return (torch.rand_like(like) >= self.p).to(like.dtype) / (1 - self.p)

    def forward(self, x: torch.Tensor, training: bool = True) -> torch.Tensor:
        self.training = training
        return x * self._mask(x) if training else x

    def backward(self, grad: torch.Tensor) -> torch.Tensor:
        # Draws a NEW mask instead of reusing the forward's: gradients flow into
        # elements the forward dropped, and not into some it kept.
        return grad * self._mask(grad) if self.training else grad
