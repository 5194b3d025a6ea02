# expect: TIME_LIMIT_EXCEEDED
# language: triton
# Launches a Triton kernel that never ends (it spins on a flag nobody sets).
import torch
import triton
import triton.language as tl


@triton.jit
def spin_kernel(flag_ptr):
    value = tl.load(flag_ptr)
    while value == 0:
        value = tl.load(flag_ptr)


def solve(a, b, *, out):
    flag = torch.zeros(1, dtype=torch.int32, device=a.device)
    spin_kernel[(1,)](flag)
    torch.add(a, b, out=out)
