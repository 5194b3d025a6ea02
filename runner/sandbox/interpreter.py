"""How the judge starts the interpreters of its sandboxes (the zygote, a cold child),
and the descriptors a child is handed, in order."""

from __future__ import annotations

import json
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]  # holds the runner package
# Our own interpreter binary, opened without walking its path: a venv may live under a
# directory the judge's user cannot traverse once it has dropped privileges (argv[0]
# stays sys.executable, so the venv is still found).
INTERPRETER = "/proc/self/exe"
FD_NAMES = ("job", "result", "out", "status")  # the child's ends, in the order the zygote expects


def interpreter_command(entry: str, *args: str) -> list[str]:
    """`python -I` running `entry` (a `module:function`) with the runner importable.

    -I keeps the user's environment (PYTHONPATH, user site) from steering the judge's
    interpreter, so the paths the judge itself imports from are passed explicitly."""
    module, function = entry.split(":")
    paths = [str(PROJECT_ROOT), *(p for p in sys.path if p and p != str(PROJECT_ROOT))]
    code = (f"import sys, json; sys.path[:0] = json.loads(sys.argv.pop(1)); "
            f"from {module} import {function}; {function}()")
    return [sys.executable, "-I", "-c", code, json.dumps(paths), *args]
