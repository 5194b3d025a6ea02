# expect: MEMORY_LIMIT_EXCEEDED
# Allocates and touches memory until stopped.
import torch


def solve(a, b):
    hoard = []
    while True:
        hoard.append(torch.ones(64 << 20, dtype=torch.uint8))
