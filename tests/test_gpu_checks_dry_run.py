"""The GPU checks script runs end to end on the CPU (`--dry-run`), so the first GPU
window is not spent on a typo."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

PHASES = ("sandbox", "attacks", "latency", "exemplars", "do_bench", "triton")


@pytest.mark.slow
def test_gpu_checks_run_end_to_end_on_the_cpu(tmp_path: Path) -> None:
    env = {**os.environ, "OUT": str(tmp_path), "PYTHON": sys.executable}
    done = subprocess.run(["bash", "bench/gpu_checks.sh", "--dry-run"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
    for phase in PHASES:
        text = (tmp_path / f"{phase}.txt").read_text()
        assert text.strip(), phase
        assert "Traceback (most recent call last)" not in text, f"{phase}:\n{text[-3000:]}"
