"""The shipped problem bank: every folder validates (schema, statement, every shipped
solution's expected verdict, starters that do not pass)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from runner.bank import load_bank
from tests.conftest import BANK, ROOT

SLUGS = sorted(p.parent.name for p in BANK.glob("*/problem.yaml"))


def test_bank_loads_without_errors() -> None:
    bank = load_bank(BANK)
    assert not bank.errors, "\n".join(bank.errors)
    assert len(bank.problems) >= 6


@pytest.mark.slow
@pytest.mark.parametrize("slug", SLUGS)
def test_problem_validates(slug: str, tmp_path: Path) -> None:
    env = {**os.environ, "TENSORDOJO_PROBLEMS_DIR": str(BANK), "TENSORDOJO_DATA_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "runner", "problems", "validate", slug], capture_output=True,
                          text=True, env=env, cwd=ROOT, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"ok   {slug}" in done.stdout


@pytest.mark.parametrize("slug", SLUGS)
def test_problem_has_the_promised_material(slug: str) -> None:
    problem = load_bank(BANK).problems[slug]
    spec = problem.spec
    for entry in spec.entries():
        assert len(entry.examples) >= 1 if spec.kind == "multi" else len(entry.examples) >= 2, entry.name
    hidden = sum(len(e.tests) for e in spec.entries())
    assert hidden >= 8
    assert "## Notes" in problem.statement
    accepted = list((problem.root / "solutions" / "accepted").glob("*.py"))
    rejected = list((problem.root / "solutions" / "rejected").glob("*.py"))
    assert accepted and len(rejected) >= 2
    if "triton" in problem.languages:
        assert any(p.name.startswith("triton_") for p in accepted), "a Triton problem needs an accepted Triton solution"
