# expect: WRONG_ANSWER
import torch


def solve(y: torch.Tensor, grad_y: torch.Tensor, dim: int = -1) -> torch.Tensor:
    # Only the diagonal of the Jacobian, dy_i/dx_i = y_i (1 - y_i): it ignores
    # that each output also depends on every other input through the sum.
    return grad_y * y * (1 - y)
