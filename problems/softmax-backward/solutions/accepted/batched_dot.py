import torch


def solve(y: torch.Tensor, grad_y: torch.Tensor, dim: int = -1) -> torch.Tensor:
    # Move the softmax dimension last, so each slice is a row vector.
    y_last = y.movedim(dim, -1)
    g_last = grad_y.movedim(dim, -1)
    # Row-wise dot products as a batched (1 x n) @ (n x 1) product: shape (..., 1, 1).
    dot = torch.matmul(y_last.unsqueeze(-2), g_last.unsqueeze(-1)).squeeze(-1)
    grad = y_last * g_last - y_last * dot
    return grad.movedim(-1, dim)
