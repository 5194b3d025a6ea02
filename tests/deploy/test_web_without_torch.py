"""The web image carries no torch, no Triton and no numpy (scripts/requirements.py
--without torch,numpy): the web app, and the `tensordojo` commands run in the web
container, must start and serve without them. Checked here without Docker, in a fresh
interpreter where those modules cannot be imported; the compose test runs the real image."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from tests.conftest import ROOT

BLOCK = """
import importlib.abc, sys

class _NotInTheWebImage(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in ("torch", "triton", "numpy"):
            raise ModuleNotFoundError(f"No module named {name!r} (not in the web image)", name=name)
        return None

sys.meta_path.insert(0, _NotInTheWebImage())
"""


def run_without_torch(code: str, tmp_path) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "TENSORDOJO_DATA_DIR": str(tmp_path / "data"),
           "TENSORDOJO_PROBLEMS_DIR": str(ROOT / "problems"), "TENSORDOJO_WORKERS": "0"}
    return subprocess.run([sys.executable, "-c", BLOCK + textwrap.dedent(code)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300)


def test_the_blocker_blocks(tmp_path) -> None:
    done = run_without_torch("import torch", tmp_path)
    assert done.returncode != 0 and "not in the web image" in done.stderr


def test_the_web_app_serves_pages_without_torch(tmp_path) -> None:
    done = run_without_torch("""
        from fastapi.testclient import TestClient
        from app.config import AppSettings
        from app.main import create_app

        with TestClient(create_app(AppSettings(workers=0))) as client:
            for path in ("/problems", "/problems/vector-add", "/api/problems", "/api/health", "/signup", "/docs"):
                response = client.get(path)
                assert response.status_code == 200, (path, response.status_code, response.text[:500])
        print("served")
    """, tmp_path)
    assert done.returncode == 0 and "served" in done.stdout, done.stderr[-3000:]


def test_the_web_containers_commands_start_without_torch(tmp_path) -> None:
    """`tensordojo serve` (the web service's command), `users create` and `problems
    reload` (what the README has admins run in the web container) import no torch."""
    done = run_without_torch("""
        from typer.testing import CliRunner
        from app.cli import cli

        runner = CliRunner()
        for argv in (["serve", "--help"], ["users", "create", "root", "--admin", "--password", "correct horse battery"],
                     ["problems", "reload"]):
            result = runner.invoke(cli, argv)
            assert result.exit_code == 0, (argv, result.output, repr(result.exception))
        print("commands ran")
    """, tmp_path)
    assert done.returncode == 0 and "commands ran" in done.stdout, done.stderr[-3000:]
