"""The naming conventions of a problem folder, in one place.

A problem is a folder under the bank whose name is its slug; everything the judge,
`problems validate`, `problems new` and the web app look for inside it is named here.
See problems/README.md for the format these names make up.
"""

from __future__ import annotations

import hashlib
import re

PROBLEM_FILE = "problem.yaml"  # metadata, signature, tests, tolerances, limits, thresholds
STATEMENT_FILE = "statement.md"  # the task; must hold a Notes section
EDITORIAL_FILE = "editorial.md"  # the approach, shown after solving or giving up
REFERENCE_FILE = "reference.py"  # trusted: input generators and the reference
DRIVER_FILE = "driver.py"  # public: how one call drives the learner's objects (runs in the sandbox too)
STARTERS_DIR = "starters"
STARTER_FILES = {"pytorch": "pytorch.py", "triton": "triton.py", "python": "python.py"}
ACCEPTED_DIR = "solutions/accepted"  # each file must be judged ACCEPTED
REJECTED_DIR = "solutions/rejected"  # each file's first line names its verdict
NOTES_HEADING = "## Notes"  # the statement's section with concept, questions, mistakes

# A shipped solution named triton_*.py is judged as Triton; any other as the
# problem's first PyTorch (or plain Python) language.
TRITON_PREFIX = "triton_"
# First line of a rejected solution: `# expect: WRONG_ANSWER [language=triton] [device=cuda]`.
EXPECT_LINE = re.compile(r"^#\s*expect:\s*(?P<verdict>[A-Z_]+)(?P<opts>(\s+\w+=\w+)*)\s*$")
EXPECT_OPTIONS = ("language", "device")

# Names in reference.py. Function kind: generate / reference / check (optional).
# Multi kind: one set per function, suffixed with its name. Module kind: generate,
# the class named in problem.yaml, and optional randomize.
GENERATOR = "generate"
REFERENCE = "reference"
CHECKER = "check"
RANDOMIZER = "randomize"
VARIER = "vary"  # optional: fresh inputs for each timed call (see problems/README.md)


def per_function(name: str, base: str) -> str:
    """`generate_mse` for the multi kind's function `mse`."""
    return f"{base}_{name}"


def language_of_solution(filename: str, default: str) -> str:
    """The language a shipped solution is judged in, from its file name."""
    return "triton" if filename.startswith(TRITON_PREFIX) else default


def seed_from_name(name: str) -> int:
    """A test's seed when problem.yaml gives none: stable, and distinct per name."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:4], "little")
