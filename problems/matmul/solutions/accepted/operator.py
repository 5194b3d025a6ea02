import torch


def solve(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """The library's matrix product (BLAS on the CPU, cuBLAS on a GPU)."""
    return a @ b
