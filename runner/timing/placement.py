"""Both sides of a timed pair on one CPU.

The judge (the reference) and the child (the user's code) take turns, each stopped
while the other runs; on different cores they would see different caches (the inputs
were just written from the judge's core), and which core the scheduler gives a fresh
child changes from one judging to the next: the ratio would move with it. So for the
pairs the judge's timing thread and every thread of the child run on the CPU the judge
was on. Threads a timed call starts inherit this: on a CPU, code is timed on one core,
like the single-threaded reference.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
from collections.abc import Iterator

log = logging.getLogger(__name__)
_getcpu = ctypes.CDLL(None).sched_getcpu  # bound at import: what the submission patches later is not used
_getcpu.restype, _getcpu.argtypes = ctypes.c_int, []


def current_cpu() -> int | None:
    """The CPU the calling thread runs on now (None where the C library cannot say)."""
    cpu = _getcpu()
    return cpu if cpu >= 0 else None


def pin_process(cpu: int) -> bool:
    """Every thread of this process (threads started later inherit it) onto `cpu`."""
    try:
        tids = [int(t) for t in os.listdir("/proc/self/task")]
    except OSError:
        tids = [0]
    try:
        for tid in tids:
            with contextlib.suppress(ProcessLookupError):  # a thread that ended meanwhile
                os.sched_setaffinity(tid, {cpu})
    except OSError as exc:  # a CPU outside this sandbox's set, or a host that forbids it
        log.debug("cannot pin to CPU %d: %s", cpu, exc)
        return False
    return True


@contextlib.contextmanager
def on_one_cpu() -> Iterator[int | None]:
    """The calling thread pinned to the CPU it is on, for the block; yields that CPU
    (None where it could not be pinned)."""
    cpu = current_cpu()
    try:
        before = os.sched_getaffinity(0)
        if cpu is not None:
            os.sched_setaffinity(0, {cpu})
    except OSError:
        yield None
        return
    try:
        yield cpu
    finally:
        os.sched_setaffinity(0, before)
