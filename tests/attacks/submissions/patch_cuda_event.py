# expect: COMPILE_ERROR
# Swaps torch.cuda.Event and torch.cuda.synchronize for fakes that report 0 ms.
import torch


class _Instant:
    def __init__(self, *args, **kwargs):
        pass

    def record(self, *args):
        pass

    def elapsed_time(self, other):
        return 0.0


torch.cuda.Event = _Instant
torch.cuda.synchronize = lambda *args: None


def solve(a, b):
    return a + b
