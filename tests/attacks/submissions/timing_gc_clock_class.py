# expect: RUNTIME_ERROR
# mode: submit
# Replaces the Clock class's time_call (found through gc) with one that reports a
# thousandth of the real time.
import gc


def _rig():
    for obj in gc.get_objects():
        if isinstance(obj, type) and obj.__name__ == "Clock" and "time_call" in vars(obj):
            real = vars(obj)["time_call"]
            if getattr(real, "_rigged", False):
                return

            def fake(self, call, real=real):
                result, ns = real(self, call)
                return result, ns / 1000

            fake._rigged = True
            obj.time_call = fake


def solve(a, b):
    _rig()
    out = a + b
    for _ in range(9):
        out = a + b
    return out
