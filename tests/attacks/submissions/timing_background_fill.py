# expect-not: ACCEPTED
# mode: submit
# Returns an empty tensor at once and fills it from a background thread, hoping the
# judge reads it only later.
import threading

import torch


def solve(a, b):
    out = torch.empty_like(a)

    def fill():
        torch.add(a, b, out=out)

    threading.Thread(target=fill, daemon=True).start()
    return out
