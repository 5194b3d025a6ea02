# expect: RUNTIME_ERROR
# Digs the request (with its sequence number) out of the harness's frames and sends a
# well-formed reply ahead of the harness's own.
import io
import os
import struct
import sys

import torch


def solve(a, b):
    frame, seq = sys._getframe(), None
    while frame is not None and seq is None:
        for value in frame.f_locals.values():
            if isinstance(value, dict) and "seq" in value and "op" in value:
                seq = value["seq"]
        frame = frame.f_back
    buffer = io.BytesIO()
    torch.save({"ok": True, "output": a + b, "inputs_after": {"a": a, "b": b}, "time_ns": 1.0,
                "peak_extra_bytes": 0, "seq": seq}, buffer)
    data = buffer.getvalue()
    for fd in range(3, 16):
        try:
            os.write(fd, struct.pack("<Q", len(data)) + data)
        except OSError:
            pass
    return a + b
