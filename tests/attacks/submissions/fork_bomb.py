# expect: TIME_LIMIT_EXCEEDED
# Forks without end; failed forks are ignored and retried, so it never returns:
# the task limit keeps it small and the wall-clock limit ends it.
import os


def solve(a, b):
    while True:
        try:
            os.fork()
        except OSError:
            pass
