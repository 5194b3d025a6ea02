"""The terminal client without a server: its config file, where its settings come from,
and what it says when something goes wrong (a fake server answers through httpx's
MockTransport). tests/web/test_web_client_live.py drives it against a real server."""

from __future__ import annotations

import json
import socket
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from app import client as client_module
from app.cli import cli
from app.client_api import ClientError, Server, read_config, server_url, target, write_config
from app.config import ClientSettings

URL = "http://dojo.test:8000"
TOKEN = "tdj_" + "k" * 43
PROBLEM = {
    "slug": "vector-add",
    "languages": ["pytorch", "triton"],
    "statement": "# Add\n",
    "starters": {"pytorch": "def solve(a, b):\n    pass\n", "triton": "import triton\n"},
}
RESULT = {
    "verdict": "ACCEPTED",
    "message": "all 2 tests passed",
    "device": "cpu",
    "tests": [{"name": "example 1", "passed": True, "time_ms": 0.5}],
    "timing": {},
}


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A config file of the test's own, and no TENSORDOJO_* settings from outside."""
    for name in ("TENSORDOJO_SERVER", "TENSORDOJO_TOKEN", "XDG_CONFIG_HOME"):
        monkeypatch.delenv(name, raising=False)
    path = tmp_path / "cfg" / "client.json"
    monkeypatch.setenv("TENSORDOJO_CONFIG", str(path))
    monkeypatch.setenv("TENSORDOJO_CLIENT_POLL_S", "0.01")
    return path


class FakeServer:
    """Answers the routes the client uses; `calls` records (method, path, json body)."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, Any]] = []
        self.polls = [{"status": "RUNNING"}, {"status": "RUNNING"}, {"status": "ACCEPTED", "result": RESULT}]
        self.override: Callable[[httpx.Request], httpx.Response | None] = lambda request: None

    def __call__(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content) if request.content else None
        self.calls.append((request.method, request.url.path, body))
        if (answer := self.override(request)) is not None:
            return answer
        path, authorized = request.url.path, request.headers.get("Authorization") == f"Bearer {TOKEN}"
        if path == "/api/health":
            return httpx.Response(200, json={"status": "ok"})
        if path == "/api/tokens":
            if body["password"] != "correct horse battery":
                return httpx.Response(401, json={"detail": "wrong username or password"})
            return httpx.Response(201, json={"token": TOKEN, "name": body["name"], "username": "kim"})
        if path == "/api/problems/vector-add":
            return httpx.Response(200, json=PROBLEM)
        if path.startswith("/api/problems/"):
            return httpx.Response(404, json={"detail": "unknown problem 'nope'"})
        if not authorized:
            return httpx.Response(401, json={"detail": "invalid or revoked API token"})
        if path == "/api/me":
            return httpx.Response(200, json={"id": 1, "username": "kim", "is_admin": False})
        if path == "/api/submissions":
            return httpx.Response(202, json={"id": 7, "status": "QUEUED"})
        return httpx.Response(200, json={"id": 7, "message": "", **self.polls.pop(0)})


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeServer:
    server = FakeServer()
    transport = httpx.MockTransport(server)
    monkeypatch.setattr(client_module, "Server", lambda *a, **kw: Server(*a, **kw, transport=transport))
    return server


def _logged_in(config: Path) -> None:
    write_config(config, {"server": URL, "tokens": {URL: TOKEN}})


# --- the config file and settings ------------------------------------------------------


def test_the_config_file_is_private(config: Path) -> None:
    write_config(config, {"server": URL, "tokens": {URL: TOKEN}})
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    assert stat.S_IMODE(config.parent.stat().st_mode) == 0o700
    write_config(config, {"server": URL, "tokens": {}})  # replaced, still private, no temporary left
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    assert read_config(config) == {"server": URL, "tokens": {}}
    assert [p.name for p in config.parent.iterdir()] == ["client.json"]


def test_a_missing_config_file_is_empty_and_a_broken_one_is_named(config: Path) -> None:
    assert read_config(config) == {}
    config.parent.mkdir()
    for text in ("{not json", '["a list"]', '{"tokens": "x"}'):
        config.write_text(text)
        with pytest.raises(ClientError, match=f"config file {config}.*log in again"):
            read_config(config)


def test_the_config_file_follows_xdg(config: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert ClientSettings().config_file() == config
    monkeypatch.delenv("TENSORDOJO_CONFIG")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert ClientSettings().config_file() == tmp_path / "home" / ".config" / "tensordojo" / "client.json"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert ClientSettings().config_file() == tmp_path / "xdg" / "tensordojo" / "client.json"
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative/dir")  # not absolute: ignored, as XDG says
    assert ClientSettings().config_file() == tmp_path / "home" / ".config" / "tensordojo" / "client.json"


def test_which_server_and_token(config: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ClientError, match="which server"):
        target(ClientSettings(), None)
    other = "https://other.test"
    write_config(config, {"server": URL, "tokens": {URL: TOKEN, other: "tdj_other"}})
    assert target(ClientSettings(), None) == (URL, TOKEN, str(config))  # the last login
    assert target(ClientSettings(), other + "/") == (other, "tdj_other", str(config))  # --server, its own token
    assert target(ClientSettings(), "http://new.test") == ("http://new.test", None, str(config))
    monkeypatch.setenv("TENSORDOJO_SERVER", other)
    assert target(ClientSettings(), None)[:2] == (other, "tdj_other")
    assert target(ClientSettings(), URL)[:2] == (URL, TOKEN)  # --server over the variable
    monkeypatch.setenv("TENSORDOJO_TOKEN", "tdj_env")
    assert target(ClientSettings(), None) == (other, "tdj_env", "TENSORDOJO_TOKEN")  # the variable over the file


@pytest.mark.parametrize("raw", ["localhost:8000", "dojo.test", "ftp://dojo.test", "http://", "http://h/?a=1"])
def test_server_urls_are_checked(raw: str) -> None:
    with pytest.raises(ClientError, match="server URL"):
        server_url(raw)
    assert server_url(" https://dojo.test/prefix/ ") == "https://dojo.test/prefix"


# --- what the server's answers become ----------------------------------------------------


def _error_of(answer: httpx.Response | Exception, *, source: str = "/cfg/client.json") -> str:
    def handler(request: httpx.Request) -> httpx.Response:
        if isinstance(answer, Exception):
            raise answer
        return answer

    api = Server(URL, TOKEN, ClientSettings(), source=source, transport=httpx.MockTransport(handler))
    with api, pytest.raises(ClientError) as caught:
        api.call("GET", "/problems/softmax", what="problem 'softmax'")
    return str(caught.value)


def test_errors_say_what_to_do(config: Path) -> None:
    refused = httpx.Response(401, json={"detail": "invalid or revoked API token"})
    assert _error_of(refused) == (
        f"{URL} refused the token (invalid or revoked API token): log in again: tensordojo login --server {URL}"
    )
    assert "set TENSORDOJO_TOKEN to a token from your profile page" in _error_of(refused, source="TENSORDOJO_TOKEN")
    limited = httpx.Response(429, headers={"Retry-After": "30"}, text="slow down")
    assert _error_of(limited) == f"{URL}: too many requests; try again in 30 s"
    assert _error_of(httpx.Response(404, text="<h1>nginx</h1>")).endswith(
        "is not a TensorDojo server (/api/problems/softmax not found)"
    )
    assert "is not a TensorDojo server (no JSON" in _error_of(httpx.Response(200, text="<html>"))
    assert _error_of(httpx.Response(502, text="Bad Gateway")) == f"{URL} answered 502 to problem 'softmax'"
    moved = httpx.Response(301, headers={"Location": "https://dojo.test/api/problems/softmax"})
    assert "redirects problem 'softmax' to https://dojo.test/" in _error_of(moved)
    assert _error_of(httpx.Response(404, json={"detail": "unknown problem 'softmax'"})) == (
        f"{URL}: unknown problem 'softmax'"
    )
    unknown = httpx.ConnectError("failed")
    unknown.__cause__ = socket.gaierror(-2, "Name or service not known")
    assert _error_of(unknown) == f"cannot reach {URL}: unknown host"
    assert _error_of(httpx.ReadTimeout("slow")) == f"{URL} did not answer within 30 s"


def test_a_server_that_is_down_is_said_so(config: Path) -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with Server(f"http://127.0.0.1:{port}", None, ClientSettings()) as api, pytest.raises(ClientError) as caught:
        api.check()
    assert (
        str(caught.value)
        == f"cannot reach http://127.0.0.1:{port}: connection refused (is the server running, and is the port right?)"
    )


# --- the commands, against the fake server ------------------------------------------------


def _run(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input)


def test_login_with_a_password_keeps_a_token(config: Path, fake: FakeServer) -> None:
    done = _run(
        "login", "--server", URL + "/", "--username", "kim", "--password-stdin", input="correct horse battery\n"
    )
    assert done.exit_code == 0, done.output
    assert done.stdout == f"logged in to {URL} as kim; the token is kept in {config}\n"
    assert read_config(config) == {"server": URL, "tokens": {URL: TOKEN}}
    asked = [body for method, path, body in fake.calls if path == "/api/tokens"]
    assert asked[0]["username"] == "kim" and asked[0]["name"].startswith("command line on ")


def test_login_refused(config: Path, fake: FakeServer) -> None:
    wrong = _run("login", "--server", URL, "--username", "kim", "--password-stdin", input="guess\n")
    assert wrong.exit_code == 1 and wrong.stderr == f"error: {URL}: wrong username or password\n"
    stale = _run("login", "--server", URL, "--token", "tdj_revoked")
    assert stale.exit_code == 1 and "refused the token (invalid or revoked API token): copy a current" in stale.stderr
    typo = _run("login", "--server", URL, "--token", "kim")
    assert typo.exit_code == 1 and "not an API token (they start with tdj_)" in typo.stderr
    assert not config.exists()


def test_login_prompts_for_a_username_and_password(config: Path, fake: FakeServer) -> None:
    done = _run("login", "--server", URL, input="kim\ncorrect horse battery\n")
    assert done.exit_code == 0, done.output
    assert "correct horse battery" not in done.output  # the password is not echoed
    assert read_config(config)["tokens"] == {URL: TOKEN}


def test_login_takes_a_token_at_the_prompt(config: Path, fake: FakeServer) -> None:
    done = _run("login", "--server", URL, input=f"{TOKEN}\n")
    assert done.exit_code == 0, done.output
    assert read_config(config)["tokens"] == {URL: TOKEN}
    assert not [call for call in fake.calls if call[1] == "/api/tokens"]


def test_submit_shows_each_status_then_the_result(config: Path, fake: FakeServer, tmp_path: Path) -> None:
    _logged_in(config)
    (tmp_path / "mine.py").write_text("def solve(a, b):\n    return a + b\n")
    done = _run("submit", "vector-add", str(tmp_path / "mine.py"))
    assert done.exit_code == 0, done.output
    lines = done.stdout.splitlines()
    assert [line.split(" (")[0] for line in lines[:2]] == ["#7 QUEUED", "#7 RUNNING"]  # RUNNING once
    assert lines[2:] == [
        "ACCEPTED: all 2 tests passed",
        "  ok   example 1 0.500 ms",
        f"submission #7: {URL}/submissions/7",
    ]
    posted = next(body for method, path, body in fake.calls if method == "POST")
    assert posted == {
        "problem": "vector-add",
        "language": "pytorch",
        "mode": "submit",
        "code": "def solve(a, b):\n    return a + b\n",
    }


def test_submit_json_keeps_stdout_one_object(config: Path, fake: FakeServer, tmp_path: Path) -> None:
    _logged_in(config)
    (tmp_path / "triton_add.py").write_text("import triton\n")
    done = _run("submit", "vector-add", str(tmp_path / "triton_add.py"), "--run", "--json", "--device", "cpu")
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout) == {**RESULT, "submission": {"id": 7, "url": f"{URL}/submissions/7"}}
    assert "#7 QUEUED" in done.stderr
    posted = next(body for method, path, body in fake.calls if method == "POST")
    assert (posted["language"], posted["mode"], posted["device"]) == ("triton", "run", "cpu")


def test_submit_errors_come_before_the_server(config: Path, fake: FakeServer, tmp_path: Path) -> None:
    no_login = _run("submit", "vector-add", "x.py", "--server", URL)
    assert no_login.exit_code == 1
    assert (
        no_login.stderr
        == f"error: no token for {URL}: run `tensordojo login --server {URL}` (or set TENSORDOJO_TOKEN)\n"
    )
    _logged_in(config)
    missing = _run("submit", "vector-add", str(tmp_path / "nope.py"))
    assert missing.exit_code == 1 and missing.stderr == f"error: {tmp_path / 'nope.py'}: no such file\n"
    folder = _run("submit", "vector-add", str(tmp_path))
    assert folder.exit_code == 1 and "is a directory" in folder.stderr
    assert fake.calls == []
    (tmp_path / "a.py").write_text("x = 1\n")
    unknown = _run("submit", "nope", str(tmp_path / "a.py"))
    assert unknown.exit_code == 1 and unknown.stderr == f"error: {URL}: unknown problem 'nope'\n"


def test_a_revoked_token_says_log_in(config: Path, fake: FakeServer, tmp_path: Path) -> None:
    write_config(config, {"server": URL, "tokens": {URL: "tdj_revoked"}})
    (tmp_path / "a.py").write_text("x = 1\n")
    done = _run("submit", "vector-add", str(tmp_path / "a.py"))
    assert done.exit_code == 1
    assert done.stderr == (
        f"error: {URL} refused the token (invalid or revoked API token): "
        f"log in again: tensordojo login --server {URL}\n"
    )


def test_ctrl_c_while_waiting_says_where_the_submission_is(config: Path, fake: FakeServer, tmp_path: Path) -> None:
    _logged_in(config)
    (tmp_path / "a.py").write_text("x = 1\n")

    def interrupt(request: httpx.Request) -> None:
        if request.url.path == "/api/submissions/7":
            raise KeyboardInterrupt
        return None

    fake.override = interrupt
    done = _run("submit", "vector-add", str(tmp_path / "a.py"))
    assert done.exit_code == 130
    assert done.stderr.strip() == f"stopped waiting; submission #7 is judged all the same: {URL}/submissions/7"


def test_pull_writes_the_statement_and_starter_and_never_overwrites(
    config: Path, fake: FakeServer, tmp_path: Path
) -> None:
    _logged_in(config)
    work = tmp_path / "work"
    first = _run("pull", "vector-add", "--dir", str(work))
    assert first.exit_code == 0, first.output
    assert (work / "vector-add.md").read_text() == "# Add\n"
    assert (work / "vector-add.py").read_text() == "def solve(a, b):\n    pass\n"
    assert first.stdout.splitlines()[-1] == f"then: tensordojo submit vector-add {work / 'vector-add.py'} --run"
    triton = _run("pull", "vector-add", "--dir", str(work), "--language", "triton")  # the same statement: fine
    assert triton.exit_code == 0, triton.output
    assert (work / "triton_vector-add.py").read_text() == "import triton\n"
    assert "vector-add.md already up to date" in triton.stdout
    (work / "vector-add.py").write_text("my work\n")
    again = _run("pull", "vector-add", "--dir", str(work))
    assert again.exit_code == 1
    assert again.stderr == f"error: {work / 'vector-add.py'} already there, and different: pass --force to overwrite\n"
    assert (work / "vector-add.py").read_text() == "my work\n"
    forced = _run("pull", "vector-add", "--dir", str(work), "--force")
    assert forced.exit_code == 0 and (work / "vector-add.py").read_text() == "def solve(a, b):\n    pass\n"
    none = _run("pull", "vector-add", "--dir", str(work), "--language", "cuda")
    assert none.exit_code == 1 and "has no 'cuda' starter (starters: pytorch, triton)" in none.stderr
    assert all(not call[2] for call in fake.calls)  # GETs only
