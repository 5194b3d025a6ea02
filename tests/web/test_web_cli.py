"""`tensordojo users create` and `tensordojo problems reload` against a temp data dir."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from typer.testing import CliRunner
from webtest_live import ROOT
from webtest_support import fake_judge

from app.cli import cli
from app.config import AppSettings
from app.db import make_engine
from app.main import create_app
from app.models import User
from app.state import BANK_GENERATION, get_int


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppSettings:
    monkeypatch.setenv("TENSORDOJO_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TENSORDOJO_PROBLEMS_DIR", str(ROOT / "problems"))
    return AppSettings()


def _users(settings: AppSettings) -> dict[str, bool]:
    with make_engine(settings).connect() as conn:
        return {u.username: u.is_admin for u in conn.execute(select(User.username, User.is_admin))}


def test_users_create(env: AppSettings) -> None:
    runner = CliRunner()
    first = runner.invoke(cli, ["users", "create", "root", "--password", "long enough pw"])
    assert first.exit_code == 0, first.output
    assert "(admin)" in first.output  # the first account on a fresh install
    plain = runner.invoke(cli, ["users", "create", "pat"], input="long enough pw\nlong enough pw\n")
    assert plain.exit_code == 0, plain.output
    boss = runner.invoke(cli, ["users", "create", "boss", "--admin", "--password", "long enough pw"])
    assert boss.exit_code == 0
    dup = runner.invoke(cli, ["users", "create", "pat", "--password", "long enough pw"])
    assert dup.exit_code == 1 and "taken" in dup.output
    assert _users(env) == {"root": True, "pat": False, "boss": True}


def test_problems_reload_reaches_a_running_server(env: AppSettings) -> None:
    env.bank_watch_interval_s = 0.1
    with TestClient(create_app(env, judge=fake_judge)) as client:
        catalog = client.app.state.ctx.catalog
        loaded = catalog.snapshot.loaded_at
        result = CliRunner().invoke(cli, ["problems", "reload"])
        assert result.exit_code == 0, result.output
        assert get_int(make_engine(env), BANK_GENERATION) == 1
        deadline = time.monotonic() + 10
        while catalog.snapshot.loaded_at == loaded and time.monotonic() < deadline:
            time.sleep(0.05)
        assert catalog.generation == 1 and catalog.snapshot.loaded_at > loaded


def test_help_lists_every_command() -> None:
    out = CliRunner().invoke(cli, ["--help"]).output
    for name in ("serve", "worker", "judge", "problems", "users"):
        assert name in out
    sub = CliRunner().invoke(cli, ["problems", "--help"]).output
    for name in ("list", "validate", "reload"):
        assert name in sub
