# expect: ACCEPTED
# Looks for the problem bank on disk and prints the reference and problem.yaml it finds.
import os

import runner

_root = os.path.dirname(os.path.dirname(os.path.abspath(runner.__file__)))
for guess in (_root, "/work/main", "/app", os.getcwd(), "/srv/tensordojo"):
    for name in ("problems/vector-add/reference.py", "problems/vector-add/problem.yaml"):
        try:
            with open(os.path.join(guess, name)) as handle:
                print("FOUND", name, handle.read())
        except OSError as exc:
            print("not readable:", name, exc.__class__.__name__)


def solve(a, b):
    return a + b
