# expect: MEMORY_LIMIT_EXCEEDED
import torch


def solve(y: torch.Tensor, grad_y: torch.Tensor, dim: int = -1) -> torch.Tensor:
    # Correct, but builds the n x n Jacobian diag(y) - y y^T for every slice:
    # O(n^2) memory and work per slice instead of O(n).
    y_last = y.movedim(dim, -1)
    g_last = grad_y.movedim(dim, -1)
    jac = torch.diag_embed(y_last) - y_last.unsqueeze(-1) * y_last.unsqueeze(-2)
    # The Jacobian is symmetric, so J^T g = J g.
    grad = torch.matmul(jac, g_last.unsqueeze(-1)).squeeze(-1)
    return grad.movedim(-1, dim)
