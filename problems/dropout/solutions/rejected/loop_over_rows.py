# expect: TOO_SLOW
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
        # Correct, but one small mask per row from Python: thousands of tiny
        # operations instead of one vectorised pass over the whole tensor.
        rows = x.reshape(-1, x.shape[-1]) if x.dim() > 0 else x.reshape(1, 1)
        mask = torch.empty_like(rows)
        for i in range(rows.shape[0]):
            mask[i] = (torch.rand(rows.shape[1]) >= self.p).float() / (1 - self.p)
        self.mask = mask.reshape(x.shape)
        return x * self.mask

    def backward(self, grad: torch.Tensor) -> torch.Tensor:
        return grad if self.mask is None else grad * self.mask
