# expect: ACCEPTED
# Reads every process's environment it can reach, looking for the judge's variables.
import os

for pid in os.listdir("/proc"):
    if pid.isdigit():
        try:
            with open(f"/proc/{pid}/environ", "rb") as handle:
                for item in handle.read().split(b"\0"):
                    if item.startswith(b"TENSORDOJO") or b"SECRET" in item:
                        print("ENV", pid, item.decode(errors="replace"))
        except OSError:
            pass


def solve(a, b):
    return a + b
