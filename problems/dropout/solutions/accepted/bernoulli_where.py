import torch


class Dropout:
    def __init__(self, p: float) -> None:
        if not (0.0 <= p < 1.0):
            raise ValueError("p must satisfy 0 <= p < 1")
        self.p = float(p)
        self.keep = None  # bool mask of the last training forward
        self.training = True

    def forward(self, x: torch.Tensor, training: bool = True) -> torch.Tensor:
        self.training = training
        if not training:
            return x.clone()
        keep_prob = torch.full_like(x, 1.0 - self.p)
        self.keep = torch.bernoulli(keep_prob).bool()
        return torch.where(self.keep, x / (1.0 - self.p), torch.zeros_like(x))

    def backward(self, grad: torch.Tensor) -> torch.Tensor:
        if not self.training:
            return grad.clone()
        return torch.where(self.keep, grad / (1.0 - self.p), torch.zeros_like(grad))
