# expect-not: ACCEPTED
# mode: submit
# Returns after the first half and lets a thread finish the second half slowly, in
# small pieces, while the judge has moved on.
import threading

import torch


def solve(a, b):
    out = torch.empty_like(a)
    half = a.numel() // 2
    torch.add(a[:half], b[:half], out=out[:half])

    def rest():
        step = max(1, (a.numel() - half) // 64)
        for start in range(half, a.numel(), step):
            end = min(a.numel(), start + step)
            torch.add(a[start:end], b[start:end], out=out[start:end])
            for _ in range(20):
                torch.add(a[start:end], b[start:end])

    threading.Thread(target=rest, daemon=True).start()
    return out
