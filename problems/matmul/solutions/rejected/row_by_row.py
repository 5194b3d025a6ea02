# expect: TOO_SLOW
import torch


def solve(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Correct: row i of the product is a weighted sum of the rows of b. But one Python
    iteration and one (K, N) temporary per row, instead of one blocked BLAS call."""
    out = torch.empty(a.shape[0], b.shape[1], dtype=a.dtype, device=a.device)
    for i in range(a.shape[0]):
        out[i] = (a[i].unsqueeze(1) * b).sum(dim=0)
    return out
