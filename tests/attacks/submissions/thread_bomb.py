# expect: RUNTIME_ERROR
# Starts sleeping threads until something gives.
import threading
import time


def solve(a, b):
    threads = []
    while True:
        t = threading.Thread(target=time.sleep, args=(600,), daemon=True)
        t.start()
        threads.append(t)
