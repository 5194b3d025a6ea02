# expect: COMPILE_ERROR
import torch


def dot(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    if a.dim() != 1 or b.dim() != 1 or a.shape[0] != b.shape[0]:
        raise ValueError("dot needs two 1-D tensors of equal length")
    return (a * b).sum()


def matmul(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Spelling the name at run time does not hide it: the judge sees the function actually called."""
    if a.shape[-1] != b.shape[-2]:
        raise ValueError("inner dimensions differ")
    fn = getattr(torch, "mat" + "mul")
    return fn(a, b)
