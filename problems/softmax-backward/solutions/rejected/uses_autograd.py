# expect: COMPILE_ERROR
import torch


def solve(y: torch.Tensor, grad_y: torch.Tensor, dim: int = -1) -> torch.Tensor:
    # Recovers logits as log(y) and asks autograd for the gradient: the problem
    # is to derive the backward pass, so autograd is not available.
    with torch.enable_grad():
        x = torch.log(y).detach().requires_grad_(True)
        out = torch.exp(x) / torch.exp(x).sum(dim=dim, keepdim=True)
        out.backward(grad_y)
    return x.grad
