# expect: RUNTIME_ERROR
# Writes a forged reply (correct-looking, 1 ns) into every descriptor it may hold.
import io
import os
import struct

import torch


def solve(a, b):
    buffer = io.BytesIO()
    torch.save({"ok": True, "output": a + b, "inputs_after": {"a": a, "b": b}, "time_ns": 1.0,
                "peak_extra_bytes": 0}, buffer)
    data = buffer.getvalue()
    for fd in range(3, 64):
        try:
            os.write(fd, struct.pack("<Q", len(data)) + data)
        except OSError:
            pass
    return a + b
