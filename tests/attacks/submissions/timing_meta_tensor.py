# expect: WRONG_ANSWER
# mode: submit
# Returns a tensor with no data at all (on the meta device).
import torch


def solve(a, b):
    return torch.empty(a.shape, dtype=a.dtype, device="meta")
