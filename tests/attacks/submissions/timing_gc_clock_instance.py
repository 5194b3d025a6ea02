# expect: RUNTIME_ERROR
# mode: submit
# Finds the harness's Clock through gc and replaces its time_call on the instance,
# reporting almost nothing while doing twenty times the work.
import gc
import time


def _rig():
    for obj in gc.get_objects():
        if type(obj).__name__ == "Clock" and hasattr(obj, "time_call") and not getattr(obj, "_rigged", False):
            real = obj.time_call

            def fake(call, real=real):
                result, _ = real(call)
                return result, 1000.0

            obj.time_call = fake
            obj._rigged = True


def solve(a, b):
    _rig()
    out = a + b
    for _ in range(19):
        out = a + b
    return out
