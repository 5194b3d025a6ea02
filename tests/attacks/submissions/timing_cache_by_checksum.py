# expect-any: ACCEPTED, TOO_SLOW
# mode: submit
# problem: softmax
# ratio-at-least: 0.5
# Keys a cache of softmax results by a cheap checksum of the input (much cheaper than
# the softmax itself): fresh inputs on every call mean it never hits.
import torch

_cache = {}


def solve(x, dim):
    key = (tuple(x.shape), dim, float(x.sum()), float(x[..., 0].sum()))
    if key not in _cache:
        shifted = x - x.max(dim=dim, keepdim=True).values
        e = torch.exp(shifted)
        _cache[key] = e / e.sum(dim=dim, keepdim=True)
    return _cache[key]
