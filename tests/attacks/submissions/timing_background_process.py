# expect-not: ACCEPTED
# mode: submit
# Forks a process that keeps computing after the call returned, writing into memory
# shared with the result.
import os

import torch


def solve(a, b):
    out = torch.empty_like(a).share_memory_()
    if a.numel() < 100_000:
        return torch.add(a, b)
    if os.fork() == 0:
        try:
            for _ in range(50):
                torch.add(a, b, out=out)
        finally:
            os._exit(0)
    return out
