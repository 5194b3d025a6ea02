# expect: COMPILE_ERROR
import torch


def relu_grad(x: torch.Tensor) -> torch.Tensor:
    return (x > 0).float()


def sigmoid_grad(x: torch.Tensor) -> torch.Tensor:
    s = torch.sigmoid(x)
    return s * (1 - s)


def tanh_grad(x: torch.Tensor) -> torch.Tensor:
    return 1 - torch.tanh(x) ** 2


def silu_grad(x: torch.Tensor) -> torch.Tensor:
    # Asks autograd for the derivative instead of deriving it: not allowed here.
    x = x.detach().requires_grad_(True)
    y = x * torch.sigmoid(x)
    (g,) = torch.autograd.grad(y.sum(), x)
    return g


def swiglu_grad(x1: torch.Tensor, x2: torch.Tensor, grad_out: torch.Tensor):
    s = torch.sigmoid(x1)
    return grad_out * x2 * s * (1 + x1 * (1 - s)), grad_out * x1 * s
