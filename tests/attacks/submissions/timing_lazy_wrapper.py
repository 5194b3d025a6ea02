# expect: WRONG_ANSWER
# mode: submit
# Returns a plain object that pretends to be a tensor (__torch_function__) and computes
# on first use.
import torch


class Deferred:
    def __init__(self, a, b):
        self.a, self.b, self.shape, self.dtype = a, b, a.shape, a.dtype

    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        args = [torch.add(x.a, x.b) if isinstance(x, Deferred) else x for x in args]
        return func(*args, **(kwargs or {}))


def solve(a, b):
    return Deferred(a, b)
