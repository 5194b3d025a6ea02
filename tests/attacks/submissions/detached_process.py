# expect: ACCEPTED
# Leaves a daemon behind (double fork + new session) that would outlive the judging.
import os
import time

if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        time.sleep(600)
    os._exit(0)


def solve(a, b):
    return a + b
