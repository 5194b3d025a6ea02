"""The same memory allocator behaviour on both sides of a timed pair.

glibc serves large blocks with fresh mmaps (page faults on every touch) or from its heap
depending on each process's history. Both the judge and the child call `steady()` once
set up: blocks up to the largest mmap threshold then come from the heap, the same way
in both processes. Before a call whose memory is checked, `release()` hands every free
page back, so the process's high-water mark shows that call's own peak.

Before timing, both call `hold(nbytes)`: trimming stops and the heap grows by `nbytes`
of pages faulted in. A child forked for this submission starts with a small heap, and
without this its timed calls would pay page faults for their temporaries that the
long-lived judge's reference calls never pay, a penalty that grows with the load.
"""

from __future__ import annotations

import ctypes

M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD = 32 << 20  # glibc's largest on 64-bit systems
TRIM_DEFAULT = 128 << 10  # glibc's own default
TRIM_NEVER = (1 << 31) - 1  # mallopt takes a C int: the largest it can say

_libc = ctypes.CDLL(None)  # bound at import: what the submission patches later is not used
_mallopt, _malloc, _free, _memset = _libc.mallopt, _libc.malloc, _libc.free, ctypes.memset
_trim = _libc.malloc_trim
_trim.restype, _trim.argtypes = ctypes.c_int, [ctypes.c_size_t]
_mallopt.restype, _mallopt.argtypes = ctypes.c_int, [ctypes.c_int, ctypes.c_int]
_malloc.restype, _malloc.argtypes = ctypes.c_void_p, [ctypes.c_size_t]
_free.restype, _free.argtypes = None, [ctypes.c_void_p]


class _Held:
    """What this process's heap keeps faulted in since its last `hold` (0: nothing)."""

    nbytes = 0


def steady() -> bool:
    """Fix glibc's thresholds for this process; False where the C library is not glibc.
    A heap already held stays held (the judge's, from one judging to the next)."""
    try:
        ok = bool(_mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD))
        return ok and (_Held.nbytes > 0 or bool(_mallopt(M_TRIM_THRESHOLD, TRIM_DEFAULT)))
    except (OSError, AttributeError):
        return False


def release() -> None:
    """Give every free heap page back to the system (also those between blocks in use)."""
    _mallopt(M_TRIM_THRESHOLD, TRIM_DEFAULT)
    _Held.nbytes = 0
    _trim(0)


def hold(nbytes: int) -> int:
    """Stop trimming the heap, then grow it by about `nbytes` of touched pages handed
    back to malloc, which now keeps them (at once where it already does). Returns the
    bytes reserved (less where memory ran out)."""
    if 0 < nbytes <= _Held.nbytes:
        return _Held.nbytes
    _mallopt(M_TRIM_THRESHOLD, TRIM_NEVER)
    block = MMAP_THRESHOLD // 2  # under the threshold: served from the heap, not mmap
    blocks: list[int] = []
    try:
        while len(blocks) * block < nbytes:
            ptr = _malloc(block)
            if not ptr:
                break
            _memset(ptr, 0, block)
            blocks.append(ptr)
    finally:
        for ptr in blocks:
            _free(ptr)
    _Held.nbytes = max(_Held.nbytes, len(blocks) * block)
    return len(blocks) * block
