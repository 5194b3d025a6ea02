# expect: RUNTIME_ERROR
# Mutates the inputs, then wraps Tensor.clone so the copy the harness reports looks untouched.
import torch

_real_clone = torch.Tensor.clone


def solve(a, b):
    out = a.add_(b)
    snapshot = a - b

    def clone(self, *args, **kwargs):
        return _real_clone(snapshot) if self is a else _real_clone(self, *args, **kwargs)

    torch.Tensor.clone = clone
    return _real_clone(out)
