import torch


def solve(x: torch.Tensor, weight: torch.Tensor, eps: float = 1e-6) -> torch.Tensor:
    # ||x||^2 / C is the mean of the squares; eps goes in before the root.
    c = x.shape[-1]
    sq_norm = torch.linalg.vector_norm(x, ord=2, dim=-1, keepdim=True).square()
    return weight * x * torch.rsqrt(sq_norm / c + eps)
