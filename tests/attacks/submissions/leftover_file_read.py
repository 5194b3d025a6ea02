# expect: ACCEPTED
# expect-without-namespaces: WRONG_ANSWER
# after: leftover_file_write.py
# Answers wrongly if anything an earlier submission left behind is visible.
import os

_found = [f for f in ("/tmp", "/var/tmp", "/dev/shm", os.getcwd(), os.path.expanduser("~"))
          if os.path.exists(os.path.join(f, "attack-leftover.txt"))]
print("leftovers seen in:", _found)


def solve(a, b):
    return a - b if _found else a + b
