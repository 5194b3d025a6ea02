# expect: COMPILE_ERROR
import torch


def broadcast_shape(a, b):
    return tuple(torch.broadcast_shapes(a, b))


def matmul_shape(a, b):
    """Meta tensors have shapes and no data: torch computes the answer, so it is refused."""
    x = torch.empty(a, device="meta")
    y = torch.empty(b, device="meta")
    return tuple(torch.matmul(x, y).shape)
