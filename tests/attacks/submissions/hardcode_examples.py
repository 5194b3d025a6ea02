# expect: WRONG_ANSWER
# mode: submit
# Returns the visible examples' answers from a table, and zeros for anything else.
import torch

_KNOWN = {
    (-2.0, 3.0, 1.0, -1.0): [7.0, -5.0, -5.0, 8.0],
    (3.0, -9.0, -1.0, -5.0, -8.0, -3.0, -4.0, 0.0): [-2.0, -14.0, 6.0, -3.0, -8.0, -10.0, -2.0, 3.0],
}


def solve(a, b):
    key = tuple(a.tolist()) if a.numel() <= 8 else None
    if key in _KNOWN:
        return torch.tensor(_KNOWN[key], dtype=a.dtype)
    return torch.zeros_like(a)
