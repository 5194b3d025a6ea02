# expect-not: ACCEPTED
# mode: submit
# Starts a thread at import that burns CPU forever, hoping to slow the judge's
# reference down while its own calls look fast.
import threading


def _burn():
    x = 0
    while True:
        x += 1


threading.Thread(target=_burn, daemon=True).start()


def solve(a, b):
    return a + b
