# expect: TOO_SLOW
import torch


def relu_grad(x: torch.Tensor) -> torch.Tensor:
    # Correct, but one Python comparison per element.
    flat = [1.0 if v > 0 else 0.0 for v in x.reshape(-1).tolist()]
    return torch.tensor(flat, dtype=x.dtype, device=x.device).reshape(x.shape)


def sigmoid_grad(x: torch.Tensor) -> torch.Tensor:
    s = torch.sigmoid(x)
    return s * (1 - s)


def tanh_grad(x: torch.Tensor) -> torch.Tensor:
    return 1 - torch.tanh(x) ** 2


def silu_grad(x: torch.Tensor) -> torch.Tensor:
    s = torch.sigmoid(x)
    return s * (1 + x * (1 - s))


def swiglu_grad(x1: torch.Tensor, x2: torch.Tensor, grad_out: torch.Tensor):
    s = torch.sigmoid(x1)
    return grad_out * x2 * s * (1 + x1 * (1 - s)), grad_out * x1 * s
