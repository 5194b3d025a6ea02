# expect: TOO_SLOW
import torch


def solve(y: torch.Tensor, grad_y: torch.Tensor, dim: int = -1) -> torch.Tensor:
    # Correct, but one Python iteration per slice: thousands of tiny operations.
    y_rows = y.movedim(dim, -1).reshape(-1, y.shape[dim])
    g_rows = grad_y.movedim(dim, -1).reshape(-1, y.shape[dim])
    out = torch.empty_like(y_rows)
    for i in range(y_rows.shape[0]):
        out[i] = y_rows[i] * (g_rows[i] - torch.dot(y_rows[i], g_rows[i]))
    moved_shape = y.movedim(dim, -1).shape
    return out.reshape(moved_shape).movedim(-1, dim)
