# expect: ACCEPTED
# Tries to attach to its parent with ptrace and to read the parent's memory.
import ctypes
import os

libc = ctypes.CDLL(None, use_errno=True)
PTRACE_ATTACH, PTRACE_DETACH = 16, 17
for pid in {os.getppid(), 1}:
    if libc.ptrace(PTRACE_ATTACH, pid, None, None) == 0:
        print("attached to", pid)
        os.waitpid(pid, 0)
        libc.ptrace(PTRACE_DETACH, pid, None, None)
    else:
        print("ptrace refused", pid, ctypes.get_errno())
    try:
        with open(f"/proc/{pid}/mem", "rb") as handle:
            print("mem readable", pid, len(handle.read(16)))
    except OSError as exc:
        print("mem refused", pid, type(exc).__name__)


def solve(a, b):
    return a + b
