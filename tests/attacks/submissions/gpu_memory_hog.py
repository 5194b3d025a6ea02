# expect: RUNTIME_ERROR
# expect-cuda: MEMORY_LIMIT_EXCEEDED
# Allocates all the GPU memory it can and never lets go. Without CUDA the first
# allocation already fails, which is what this case then checks.
import torch


def solve(a, b):
    hoard = []
    while True:
        hoard.append(torch.empty(1 << 30, dtype=torch.uint8, device="cuda"))
