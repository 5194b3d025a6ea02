# expect: ACCEPTED
# Walks the filesystem for the judge's secret and any database next to it.
import os
import time

_deadline = time.monotonic() + 3
for top in ("/tmp", "/var/tmp", "/work", "/home", "/root", "/srv", "/data", "/app"):
    for folder, _, files in os.walk(top):
        if time.monotonic() > _deadline:
            break
        for name in files:
            if name in ("judge-secret", "tensordojo.db", ".env", "secret_key"):
                try:
                    with open(os.path.join(folder, name), "rb") as handle:
                        print("SECRET", folder, handle.read(200))
                except OSError:
                    pass


def solve(a, b):
    return a + b
