# expect: ACCEPTED
# Floods stdout and stderr (megabytes) and still answers correctly.
import sys

line = "flood " * 200 + "\n"
for _ in range(5000):
    sys.stdout.write(line)
    sys.stderr.write(line)


def solve(a, b):
    return a + b
