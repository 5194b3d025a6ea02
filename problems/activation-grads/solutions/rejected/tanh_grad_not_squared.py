# expect: WRONG_ANSWER
import torch


def relu_grad(x: torch.Tensor) -> torch.Tensor:
    return (x > 0).float()


def sigmoid_grad(x: torch.Tensor) -> torch.Tensor:
    s = torch.sigmoid(x)
    return s * (1 - s)


def tanh_grad(x: torch.Tensor) -> torch.Tensor:
    # Forgets the square: 1 - tanh(x) is not the derivative.
    return 1 - torch.tanh(x)


def silu_grad(x: torch.Tensor) -> torch.Tensor:
    s = torch.sigmoid(x)
    return s * (1 + x * (1 - s))


def swiglu_grad(x1: torch.Tensor, x2: torch.Tensor, grad_out: torch.Tensor):
    s = torch.sigmoid(x1)
    return grad_out * x2 * s * (1 + x1 * (1 - s)), grad_out * x1 * s
