"""The attack suite once more as an unprivileged user: the judge must report every
layer it could not apply, and still contain what it can. It runs twice: with the
user namespaces an unprivileged host may allow, and with no namespaces at all."""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from runner.config import JudgeSettings
from runner.sandbox.layers import sandbox_report

ROOT = Path(__file__).resolve().parents[2]
UNPRIVILEGED_USER = "nobody"


def unprivileged_command(basetemp: Path) -> list[str]:
    """The attack suite under `setpriv` as nobody (what CI runs after the root run)."""
    group = "nogroup" if shutil.which("getent") is None or _has_group("nogroup") else "nobody"
    return [
        "setpriv", f"--reuid={UNPRIVILEGED_USER}", f"--regid={group}", "--clear-groups",
        sys.executable, "-m", "pytest", str(ROOT / "tests" / "attacks" / "test_attacks.py"),
        "-q", "-p", "no:cacheprovider", f"--basetemp={basetemp}", "-x",
    ]


def _has_group(name: str) -> bool:
    return subprocess.run(["getent", "group", name], capture_output=True).returncode == 0


@pytest.mark.parametrize("namespaces", [True, False], ids=["user-namespaces", "no-namespaces"])
def test_attack_suite_as_unprivileged_user(namespaces: bool) -> None:
    if os.geteuid() != 0:  # this run is the unprivileged one: its report must say so
        report = sandbox_report(JudgeSettings())
        assert any("no uid drop" in line for line in report["degraded"]), report
        return
    entry = pwd.getpwnam(UNPRIVILEGED_USER)
    top = Path(tempfile.mkdtemp(prefix="tensordojo-unprivileged-"))  # not under root's 0700 pytest dirs
    try:
        home = top / "home"
        home.mkdir()
        for path in (top, home):
            os.chown(path, entry.pw_uid, entry.pw_gid)
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home), "TMPDIR": str(top),
            "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": str(ROOT), "LANG": "C.UTF-8",
            "TENSORDOJO_ATTACK_CANARY": "outer-" + secrets.token_hex(12),  # in its /proc/<pid>/environ
            "TENSORDOJO_SANDBOX_NAMESPACES": "1" if namespaces else "0",
        }
        proc = subprocess.run(unprivileged_command(top / "pytest"), cwd=ROOT, env=env, capture_output=True,
                              text=True, timeout=900)
    finally:
        shutil.rmtree(top, ignore_errors=True)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output[-6000:]
    assert " passed" in output and "failed" not in output, output[-3000:]
