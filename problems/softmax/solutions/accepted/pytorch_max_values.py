import torch


def solve(x: torch.Tensor, dim: int) -> torch.Tensor:
    # torch.max with a dim returns (values, indices): take .values, and keep
    # the reduced dimension so the subtraction broadcasts along `dim`.
    row_max = torch.max(x, dim=dim, keepdim=True).values
    e = torch.exp(x - row_max)
    return e / torch.sum(e, dim=dim, keepdim=True)
