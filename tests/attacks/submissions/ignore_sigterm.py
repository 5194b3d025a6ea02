# expect: TIME_LIMIT_EXCEEDED
# Ignores SIGTERM/SIGINT and never returns.
import signal

for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
    signal.signal(sig, signal.SIG_IGN)


def solve(a, b):
    while True:
        pass
