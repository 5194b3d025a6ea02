import torch
import triton
import triton.language as tl


@triton.jit
def matmul_kernel(
    a_ptr, b_ptr, c_ptr,
    M, N, K,
    stride_am, stride_ak, stride_bk, stride_bn, stride_cm, stride_cn,
    BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr, BLOCK_K: tl.constexpr,
):
    # One program per BLOCK_M x BLOCK_N tile of C: start a float32 accumulator, walk K in
    # BLOCK_K steps (load a tile of A and of B, masking every edge, and add
    # tl.dot(a, b, input_precision="ieee")), then store the tile with a mask.
    pass


def solve(a: torch.Tensor, b: torch.Tensor, *, out: torch.Tensor) -> None:
    """Write a @ b for a (M, K) and b (K, N), float32, into the pre-allocated out (M, N)."""
    raise NotImplementedError("launch matmul_kernel on a (cdiv(M, BLOCK_M), cdiv(N, BLOCK_N)) grid")
