"""Where the bank comes from: unset, `serve`, `worker` and `judge` find the bank next to
the code whatever the working directory; a configured bank that is missing or empty
stops them at start with a message that names it, instead of an empty site."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import httpx
import pytest

from app.bootstrap import NoBank, check_bank
from app.config import AppSettings
from runner.config import JudgeSettings
from tests.web.live import PYTHON, ROOT, LiveServer, env_for

BANK_ENV = "TENSORDOJO_PROBLEMS_DIR"
ADD = "def solve(a, b):\n    return a + b\n"


def _cli(*args: str, cwd: Path, data_dir: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    """`tensordojo ARGS` started in `cwd`; the bank variable only where given."""
    env = env_for(data_dir, **extra)
    if BANK_ENV not in extra:
        env.pop(BANK_ENV)
    return subprocess.run(
        [PYTHON, "-m", "app.cli", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    """A working directory with nothing of the checkout in it (not even a problems/ folder)."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    return folder


def test_unset_means_the_bank_next_to_the_code(elsewhere: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(BANK_ENV, raising=False)
    monkeypatch.chdir(elsewhere)
    assert JudgeSettings().problems_dir == ROOT / "problems"
    assert not AppSettings().problems_dir_configured()
    monkeypatch.setenv(BANK_ENV, str(elsewhere))
    assert AppSettings().problems_dir == elsewhere and AppSettings().problems_dir_configured()


def test_serve_from_another_directory_serves_the_bundled_bank(elsewhere: Path, tmp_path: Path) -> None:
    server = LiveServer(tmp_path / "data", workers=0, cwd=elsewhere, unset=(BANK_ENV,))
    try:
        slugs = [p["slug"] for p in httpx.get(server.url + "/api/problems", timeout=30).json()]
    finally:
        server.stop()
    shipped = sorted(p.parent.name for p in (ROOT / "problems").glob("*/problem.yaml"))
    assert slugs == shipped


def test_judge_from_another_directory_finds_the_bundled_bank(elsewhere: Path, tmp_path: Path) -> None:
    (elsewhere / "mine.py").write_text(ADD)
    done = _cli("judge", "vector-add", "mine.py", "--examples-only", "--json", cwd=elsewhere, data_dir=tmp_path / "d")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["verdict"] == "ACCEPTED"


@pytest.mark.parametrize("kind", ["missing", "empty"])
def test_a_configured_bank_that_is_missing_or_empty_stops_every_command(elsewhere: Path, tmp_path: Path,
                                                                        kind: str) -> None:
    bank = tmp_path / "bank"
    if kind == "empty":
        bank.mkdir()
        (bank / "README.md").write_text("problems go here\n")  # a folder, but no problem in it
    expected = "no such problems directory" if kind == "missing" else "holds no problem"
    data_dir = tmp_path / "data"
    for args in (["serve", "--port", "1"], ["worker"], ["problems", "reload"]):
        done = _cli(*args, cwd=elsewhere, data_dir=data_dir, **{BANK_ENV: str(bank)})
        assert done.returncode == 1, (args, done.stdout, done.stderr)
        assert f"error: TENSORDOJO_PROBLEMS_DIR: {bank}: {expected}" in done.stderr, (args, done.stderr)
        assert "Traceback" not in done.stderr
    (elsewhere / "mine.py").write_text(ADD)
    judged = _cli("judge", "vector-add", "mine.py", cwd=elsewhere, data_dir=data_dir, **{BANK_ENV: str(bank)})
    assert judged.returncode == 2 and f"{bank}: {expected}" in judged.stderr, judged.stderr


def test_no_bank_next_to_the_code_says_how_to_choose_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As for a package installed without its checkout: unset, and nothing beside the code."""
    monkeypatch.delenv(BANK_ENV, raising=False)
    settings = AppSettings(data_dir=tmp_path / "data")
    object.__setattr__(settings, "problems_dir", tmp_path / "site-packages" / "problems")  # the default's place
    assert not settings.problems_dir_configured()
    with pytest.raises(NoBank, match=r"no problem bank next to the code .*set TENSORDOJO_PROBLEMS_DIR"):
        check_bank(settings)
