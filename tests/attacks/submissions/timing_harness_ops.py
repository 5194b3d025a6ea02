# expect: RUNTIME_ERROR
# mode: submit
# Finds the harness's table of operations through gc and swaps the timed call for one
# that does the work first and starts the clock afterwards.
import gc
import time


def _rig():
    for obj in gc.get_objects():
        if isinstance(obj, dict) and "call" in obj and "sample" in obj and callable(obj["call"]):
            real = obj["call"]
            if getattr(real, "_rigged", False):
                continue

            def call(session, msg, real=real):
                reply = real(session, msg)
                if getattr(reply, "time_ns", None) is not None and msg.timed:
                    reply.time_ns = 1000.0
                return reply

            call._rigged = True
            obj["call"] = call


def solve(a, b):
    _rig()
    out = a + b
    for _ in range(9):
        out = a + b
    return out
