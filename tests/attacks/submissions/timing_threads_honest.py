# expect: ACCEPTED
# mode: submit
# ratio-at-least: 0.3
# Honest use of threads: splits the addition between two worker threads and waits
# for both before returning (the pool's threads stay, idle, between calls).
from concurrent.futures import ThreadPoolExecutor

import torch

_pool = ThreadPoolExecutor(max_workers=2)


def solve(a, b):
    out = torch.empty_like(a)
    half = a.numel() // 2
    jobs = [_pool.submit(torch.add, a[:half], b[:half], out=out[:half]),
            _pool.submit(torch.add, a[half:], b[half:], out=out[half:])]
    for job in jobs:
        job.result()
    return out
