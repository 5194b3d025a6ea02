# expect: TOO_SLOW
import torch
import torch.nn.functional as F


def solve(x: torch.Tensor) -> torch.Tensor:
    """Correct, but one Python iteration per row: 16384 tiny operations instead of one."""
    m, two_n = x.shape
    n = two_n // 2
    out = torch.empty(m, n, dtype=x.dtype, device=x.device)
    for i in range(m):
        out[i] = F.silu(x[i, :n]) * x[i, n:]
    return out
