# expect-any: WRONG_ANSWER, RUNTIME_ERROR, ACCEPTED
# ratio-at-least: 0.6
# mode: submit
# Returns an empty tensor at once and fills it from a background thread, hoping the
# judge reads it only later. Racy by nature: the judge finds the result unfinished
# (WRONG_ANSWER) or the thread still computing (RUNTIME_ERROR); or, on the one core the
# pairs share, the thread ran to its end before the judge looked: its CPU is counted
# then, ended thread and all, and the ratio is never a flattering one.
import threading

import torch


def solve(a, b):
    out = torch.empty_like(a)

    def fill():
        torch.add(a, b, out=out)

    threading.Thread(target=fill, daemon=True).start()
    return out
