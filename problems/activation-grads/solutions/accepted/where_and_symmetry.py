import torch


def relu_grad(x: torch.Tensor) -> torch.Tensor:
    # torch.where with float scalars keeps the input's dtype.
    return torch.where(x > 0, 1.0, 0.0).to(x.dtype)


def sigmoid_grad(x: torch.Tensor) -> torch.Tensor:
    # 1 - sigma(x) = sigma(-x): both factors computed without any cancellation.
    return torch.sigmoid(x) * torch.sigmoid(-x)


def tanh_grad(x: torch.Tensor) -> torch.Tensor:
    # 1 - t^2 = (1 - t)(1 + t)
    t = torch.tanh(x)
    return (1 - t) * (1 + t)


def silu_grad(x: torch.Tensor) -> torch.Tensor:
    # sigma(x) * (1 + x * sigma(-x))
    return torch.sigmoid(x) * (1 + x * torch.sigmoid(-x))


def swiglu_grad(x1: torch.Tensor, x2: torch.Tensor, grad_out: torch.Tensor):
    g2 = grad_out * torch.nn.functional.silu(x1)
    g1 = grad_out * x2 * silu_grad(x1)
    return (g1, g2)
