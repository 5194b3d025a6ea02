#!/usr/bin/env python3
"""Prints the project's requirements from pyproject.toml, one per line, for pip -r:
the core dependencies plus the named extras, leaving out the packages given to
--without. The container images install from it (the web image without torch).

Usage: scripts/requirements.py [--without torch,numpy] [EXTRA ...]
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from pathlib import Path


def requirements(pyproject: Path, extras: list[str], without: set[str]) -> list[str]:
    project = tomllib.loads(pyproject.read_text())["project"]
    optional = project.get("optional-dependencies", {})
    unknown = [e for e in extras if e not in optional]
    if unknown:
        raise SystemExit(f"unknown extra(s) {unknown}; pyproject.toml defines {sorted(optional)}")
    wanted = list(project.get("dependencies", []))
    for extra in extras:
        wanted += optional[extra]
    found, seen = [], set()
    for line in wanted:
        name = re.split(r"[\s<>=!~;\[(]", line, maxsplit=1)[0].lower().replace("_", "-")
        if name in without or line in seen:
            continue
        seen.add(line)
        found.append(line)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("extras", nargs="*", help="optional-dependency groups to add (web, triton, ...)")
    parser.add_argument("--without", default="", help="comma-separated package names to leave out")
    parser.add_argument("--pyproject", type=Path, default=Path(__file__).resolve().parent.parent / "pyproject.toml")
    args = parser.parse_args()
    without = {n.strip().lower().replace("_", "-") for n in args.without.split(",") if n.strip()}
    sys.stdout.write("".join(f"{line}\n" for line in requirements(args.pyproject, args.extras, without)))


if __name__ == "__main__":
    main()
