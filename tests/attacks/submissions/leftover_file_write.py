# expect: ACCEPTED
# Leaves files where the next submission might look (read by leftover_file_read.py).
import os

for folder in ("/tmp", "/var/tmp", "/dev/shm", os.getcwd(), os.path.expanduser("~")):
    try:
        with open(os.path.join(folder, "attack-leftover.txt"), "w") as handle:
            handle.write("answer cache from an earlier submission")
    except OSError:
        pass


def solve(a, b):
    return a + b
