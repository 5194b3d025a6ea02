# expect: WRONG_ANSWER
import torch


def solve(x: torch.Tensor) -> torch.Tensor:
    """sigmoid(x1) * x2 is the original GLU; SwiGLU gates with silu(x1) = x1 * sigmoid(x1)."""
    n = x.shape[1] // 2
    return torch.sigmoid(x[:, :n]) * x[:, n:]
