# expect: TIME_LIMIT_EXCEEDED
# Burns CPU on every core with large matrix products, never returning.
import torch


def solve(a, b):
    torch.set_num_threads(4)
    x = torch.randn(1024, 1024)
    while True:
        x = (x @ x).clamp_(-1, 1)
