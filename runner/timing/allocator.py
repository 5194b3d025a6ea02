"""The same memory allocator behaviour on both sides of a timed pair.

glibc serves large blocks with fresh mmaps (page faults on every touch) or from its heap
depending on each process's history, and may give heap memory back to the system
between calls. The judge and the child both call `steady()` before timing: blocks up to
the largest mmap threshold come from a heap that is never trimmed, so a call's output
costs the same on either side, whatever that side allocated before."""

from __future__ import annotations

import ctypes

M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD = 32 << 20  # glibc's largest on 64-bit systems
TRIM_THRESHOLD = 1 << 40


def steady() -> bool:
    """Fix glibc's thresholds for this process; False where the C library is not glibc."""
    try:
        mallopt = ctypes.CDLL(None).mallopt  # the C library this process already runs on
    except (OSError, AttributeError):
        return False
    return bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD))
