# expect: TOO_SLOW
import torch


def solve(x: torch.Tensor, dim: int) -> torch.Tensor:
    # Correct, but one small softmax per row from Python: thousands of tiny
    # kernel launches instead of one vectorised pass.
    moved = x.movedim(dim, -1)
    rows = moved.reshape(-1, moved.shape[-1])
    out = torch.empty_like(rows)
    for i in range(rows.shape[0]):
        r = rows[i]
        e = torch.exp(r - r.max())
        out[i] = e / e.sum()
    return out.reshape(moved.shape).movedim(-1, dim)
