import torch


def relu_grad(x: torch.Tensor) -> torch.Tensor:
    # 1 where x > 0; 0 for x < 0 and (by convention) at x = 0. Cast: a bool mask is not float32.
    return (x > 0).float()


def sigmoid_grad(x: torch.Tensor) -> torch.Tensor:
    # sigma' = sigma (1 - sigma); torch.sigmoid is stable for any finite x.
    s = torch.sigmoid(x)
    return s * (1 - s)


def tanh_grad(x: torch.Tensor) -> torch.Tensor:
    # tanh' = 1 - tanh^2
    return 1 - torch.tanh(x) ** 2


def silu_grad(x: torch.Tensor) -> torch.Tensor:
    # Product rule on x * sigma(x): sigma(x) + x * sigma(x) * (1 - sigma(x)).
    s = torch.sigmoid(x)
    return s + x * s * (1 - s)


def swiglu_grad(x1: torch.Tensor, x2: torch.Tensor, grad_out: torch.Tensor):
    # y = silu(x1) * x2. Chain rule: dy/dx1 = x2 * silu'(x1), dy/dx2 = silu(x1),
    # each multiplied by the upstream gradient.
    s = torch.sigmoid(x1)
    silu = x1 * s
    dsilu = s + x1 * s * (1 - s)
    return grad_out * x2 * dsilu, grad_out * silu
