import torch


def relu_grad(x: torch.Tensor) -> torch.Tensor:
    """d relu(x)/dx elementwise, float32 like x: 1 where x > 0, else 0 (0 at x = 0)."""
    raise NotImplementedError


def sigmoid_grad(x: torch.Tensor) -> torch.Tensor:
    """d sigmoid(x)/dx elementwise, float32 like x; finite for |x| up to 100."""
    raise NotImplementedError


def tanh_grad(x: torch.Tensor) -> torch.Tensor:
    """d tanh(x)/dx elementwise, float32 like x."""
    raise NotImplementedError


def silu_grad(x: torch.Tensor) -> torch.Tensor:
    """d [x * sigmoid(x)]/dx elementwise, float32 like x."""
    raise NotImplementedError


def swiglu_grad(x1: torch.Tensor, x2: torch.Tensor, grad_out: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """For y = silu(x1) * x2 and grad_out = dL/dy, return (dL/dx1, dL/dx2). No autograd."""
    raise NotImplementedError
