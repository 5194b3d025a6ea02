# expect: ACCEPTED
# expect-without-namespaces: RUNTIME_ERROR
# Kills its parent (the judge's supervisor) and pid 1, then answers correctly.
import os
import signal

for target in (os.getppid(), 1):
    try:
        os.kill(target, signal.SIGKILL)
        print("killed", target)
    except OSError as exc:
        print("could not kill", target, type(exc).__name__)


def solve(a, b):
    return a + b
