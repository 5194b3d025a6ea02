"""`tensordojo users create` and `tensordojo problems reload` against a temp data dir."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pytest
import typer
from fastapi.testclient import TestClient
from sqlalchemy import select
from typer.testing import CliRunner

from app.accounts import authenticate
from app.bootstrap import BankWatcher, bootstrap, reload_bank
from app.cli import cli
from app.config import AppSettings
from app.db import make_engine, make_session_factory
from app.main import create_app
from app.models import User
from app.state import BANK_GENERATION, bump, get_int
from tests.web.live import ROOT
from tests.web.support import fake_judge


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
    assert "(admin)" not in first.output  # signing up first gives nothing: admins are made on purpose
    plain = runner.invoke(cli, ["users", "create", "pat"], input="long enough pw\nlong enough pw\n")
    assert plain.exit_code == 0, plain.output
    boss = runner.invoke(cli, ["users", "create", "boss", "--admin", "--password", "long enough pw"])
    assert boss.exit_code == 0 and "(admin)" in boss.output
    dup = runner.invoke(cli, ["users", "create", "PAT", "--password", "long enough pw"])
    assert dup.exit_code == 1 and "taken" in dup.output
    spaces = runner.invoke(cli, ["users", "create", "sam", "--password", " " * 10])
    assert spaces.exit_code == 1 and "not counting spaces" in spaces.output
    assert _users(env) == {"root": False, "pat": False, "boss": True}


def _state(settings: AppSettings) -> dict[str, tuple[bool, bool]]:
    with make_engine(settings).connect() as conn:
        rows = conn.execute(select(User.username, User.is_admin, User.disabled))
        return {name: (bool(admin), bool(disabled)) for name, admin, disabled in rows}


def test_users_promote_demote_disable_enable_list(env: AppSettings) -> None:
    runner = CliRunner()
    for name in ("ann", "ben"):
        assert runner.invoke(cli, ["users", "create", name, "--password", "long enough pw"]).exit_code == 0
    assert runner.invoke(cli, ["users", "promote", "ANN"]).exit_code == 0  # any spelling of the name
    assert _state(env) == {"ann": (True, False), "ben": (False, False)}
    last = runner.invoke(cli, ["users", "demote", "ann"])
    assert last.exit_code == 1 and "only admin" in last.output
    assert runner.invoke(cli, ["users", "disable", "ben"]).exit_code == 0
    assert _state(env)["ben"] == (False, True)
    listing = runner.invoke(cli, ["users", "list"]).output
    assert "ann\tadmin\tactive" in listing and "ben\tuser\tdisabled" in listing
    assert runner.invoke(cli, ["users", "enable", "ben"]).exit_code == 0
    assert runner.invoke(cli, ["users", "promote", "ben"]).exit_code == 0
    assert runner.invoke(cli, ["users", "demote", "ann"]).exit_code == 0
    assert _state(env) == {"ann": (False, False), "ben": (True, False)}
    missing = runner.invoke(cli, ["users", "promote", "nobody"])
    assert missing.exit_code == 1 and "no user 'nobody'" in missing.output
    reset = runner.invoke(cli, ["users", "set-password", "ann", "--password", "brand new secret"])
    assert reset.exit_code == 0, reset.output
    with make_session_factory(make_engine(env))() as db:
        assert authenticate(db, "ann", "brand new secret") is not None


def test_serve_says_how_to_make_the_first_admin(env: AppSettings) -> None:
    with TestClient(create_app(env, judge=fake_judge)) as client:
        ctx = client.app.state.ctx
        printed = CliRunner().invoke(typer_hint_app(ctx)).output
        assert "tensordojo users create NAME --admin" in printed
        CliRunner().invoke(cli, ["users", "create", "root", "--admin", "--password", "long enough pw"])
        assert CliRunner().invoke(typer_hint_app(ctx)).output == ""


def typer_hint_app(ctx):
    """The hint `serve` prints before it starts listening, as a one-command app."""
    import typer

    from app.cli import _hint_first_admin

    app = typer.Typer()
    app.command()(lambda: _hint_first_admin(ctx))
    return app


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


def test_one_watcher_keeps_any_process_in_step_with_reloads(env: AppSettings) -> None:
    """The watcher `serve` and `tensordojo worker` both run; a reload by the admin page
    (which loads at once) is not loaded a second time."""
    services = bootstrap(env)
    watcher = BankWatcher(services)
    assert not watcher.check()
    loaded = services.catalog.snapshot.loaded_at
    assert CliRunner().invoke(cli, ["problems", "reload"]).exit_code == 0
    assert watcher.check() and services.catalog.generation == 1 and services.catalog.snapshot.loaded_at > loaded
    assert not watcher.check()
    bump(services.engine, BANK_GENERATION)
    reload_bank(services)
    assert services.catalog.generation == 2 and not watcher.check()


# The documented command line (README, docs/architecture.md): nothing missing, nothing extra.
COMMANDS = {
    "serve": None,
    "worker": None,
    "judge": None,
    "problems": {"list", "validate", "reload", "new"},
    "users": {"create", "promote", "demote", "disable", "enable", "list", "set-password"},
    "rounds": {"list", "validate"},
    "login": None,
    "submit": None,
    "pull": None,
}


def _plain(text: str) -> str:
    """Help output without its box drawing and line wrapping."""
    return re.sub(r"[\s│╭╮╰╯─]+", " ", text)


def _subcommands(command: Any) -> dict[str, Any]:
    """A group's commands by name (none for a plain command)."""
    return getattr(command, "commands", None) or {}


def _commands(group: Any, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Any]]:
    found = []
    for name, command in _subcommands(group).items():
        found.append(((*path, name), command))
        found += _commands(command, (*path, name))
    return found


def test_the_commands_are_the_documented_ones_and_their_help_says_what_each_does() -> None:
    root = typer.main.get_command(cli)
    tree = {name: set(_subcommands(c)) or None for name, c in _subcommands(root).items()}
    assert tree == COMMANDS
    for path, command in [((), root), *_commands(root)]:
        result = CliRunner().invoke(cli, [*path, "--help"])
        assert result.exit_code == 0, (path, result.output)
        shown = _plain(result.output)
        assert command.help and _plain(command.help.split("\n\n")[0]).strip() in shown, path
        for param in command.params:
            if param.param_type_name == "option":
                assert param.opts[0] in shown, (path, param.opts)
            if getattr(param, "help", None):
                assert _plain(param.help).strip() in shown, (path, param.name)
        for name, sub in _subcommands(command).items():  # each listed with the start of its help
            assert sub.help, (*path, name)
            assert f"{name} {' '.join(_plain(sub.help).split()[:4])}" in shown, (path, name)
