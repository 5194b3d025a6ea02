import torch


def dot(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Multiply elementwise, then add everything up: a 0-dim tensor."""
    if a.ndim != 1 or b.ndim != 1 or a.shape[0] != b.shape[0]:
        raise ValueError(f"dot needs two 1-D tensors of equal length, got {tuple(a.shape)} and {tuple(b.shape)}")
    return (a * b).sum()


def _broadcast(s: tuple[int, ...], t: tuple[int, ...]) -> tuple[int, ...]:
    """The broadcast of two batch shapes: align on the right, sizes equal or 1."""
    n = max(len(s), len(t))
    s, t = (1,) * (n - len(s)) + s, (1,) * (n - len(t)) + t
    out = []
    for x, y in zip(s, t, strict=False):
        if x != y and 1 not in (x, y):
            raise ValueError(f"batch dimensions {s} and {t} do not broadcast")
        out.append(max(x, y))
    return tuple(out)


def matmul(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Every (i, j) pair at once: (..., M, 1, K) * (..., 1, N, K), summed over the contiguous K axis."""
    if a.shape[-1] != b.shape[-2]:
        raise ValueError(f"inner dimensions differ: {tuple(a.shape)} @ {tuple(b.shape)}")
    _broadcast(tuple(a.shape[:-2]), tuple(b.shape[:-2]))
    bt = b.transpose(-1, -2)  # (..., N, K): row j holds column j of b
    return (a.unsqueeze(-2) * bt.unsqueeze(-3)).sum(dim=-1)
