# expect: WRONG_ANSWER
# Writes the result into the first input and returns it (input aliased and modified).
import torch


def solve(a, b):
    return torch.add(a, b, out=a)
