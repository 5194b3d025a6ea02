"""The terminal client as a learner uses it: `tensordojo login`, `pull` and `submit` run
as commands against a live `tensordojo serve` whose worker judges for real, and print
what `tensordojo judge` prints for the same file.

The server judges a copy of the test bank whose toy-multi allows any slowdown (so that a
verdict never depends on the machine's load), with a known judge secret, so that a local
`judge` of the same bank draws the same hidden inputs and must print the same result,
times aside."""

from __future__ import annotations

import json
import re
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import FIXTURE_PROBLEMS
from tests.web.live import LiveServer, env_for, signup

SECRET = "client-test-secret"
PASSWORD = "correct horse battery"
ADD_AND_NEG = (FIXTURE_PROBLEMS / "toy-multi" / "solutions" / "accepted" / "both.py").read_text()
WRONG_ADD = ADD_AND_NEG.replace("return a + b", "return a + b + (a.numel() > 8)")  # right on the example only
BAD_EXAMPLE = ADD_AND_NEG.replace("return -a", "return a")
TRITON_ROWS = FIXTURE_PROBLEMS / "toy-softmax" / "solutions" / "accepted" / "triton_rows.py"
STATUS = re.compile(r"#(\d+) (QUEUED|RUNNING) \(\d+\.\d s\)")


def _entry_point() -> list[str]:
    """The installed `tensordojo` command (app.cli:main), else the same function through -m."""
    script = shutil.which("tensordojo", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "app.cli"]


class Terminal:
    """A learner's shell: a working directory and a config file of their own."""

    def __init__(self, root: Path, bank: Path) -> None:
        self.cwd = root / "work"
        self.cwd.mkdir(parents=True)
        self.config = root / "home" / "tensordojo" / "client.json"
        self.env = env_for(
            root / "judge-data",
            TENSORDOJO_PROBLEMS_DIR=str(bank),
            TENSORDOJO_JUDGE_SECRET=SECRET,
            TENSORDOJO_CONFIG=str(self.config),
            TENSORDOJO_CLIENT_POLL_S="0.1",
        )

    def __call__(self, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*_entry_point(), *args],
            cwd=self.cwd,
            env=self.env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=300,
        )


@pytest.fixture(scope="module")
def bank(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bank")
    for slug in ("toy-multi", "toy-softmax"):
        shutil.copytree(FIXTURE_PROBLEMS / slug, root / slug)
    with open(root / "toy-multi" / "problem.yaml", "a") as spec:
        spec.write("performance:\n  max_slowdown_vs_reference: 1000.0\n")
    return root


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, bank: Path) -> Iterator[LiveServer]:
    data_dir = tmp_path_factory.mktemp("client-live") / "data"
    live = LiveServer(data_dir, workers=1, TENSORDOJO_PROBLEMS_DIR=str(bank), TENSORDOJO_JUDGE_SECRET=SECRET)
    try:
        with httpx.Client(base_url=live.url, timeout=10) as browser:
            signup(browser, "kim", PASSWORD)
        yield live
    finally:
        live.stop()


@pytest.fixture
def shell(server: LiveServer, bank: Path, tmp_path: Path) -> Terminal:
    """A terminal logged in to the server with a password, as `login` prompts for it."""
    term = Terminal(tmp_path, bank)
    done = term("login", "--server", server.url, "--username", "kim", "--password-stdin", stdin=PASSWORD + "\n")
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"logged in to {server.url} as kim; the token is kept in {term.config}\n"
    return term


def _times_aside(text: str) -> str:
    """A result with its times and ratios blanked: they are measured anew by each judging."""
    return re.sub(r"\d+\.\d+( ms|x)", r"_\1", text)


def _submitted(done: subprocess.CompletedProcess[str], url: str) -> tuple[int, list[str], str]:
    """A `submit`'s submission id, the statuses it showed, and the result it printed."""
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    shown = [match for line in lines if (match := STATUS.fullmatch(line))]
    assert shown and lines[: len(shown)] == [m.group(0) for m in shown], done.stdout
    sub_id = int(shown[0].group(1))
    assert {int(m.group(1)) for m in shown} == {sub_id}
    assert shown[0].group(2) == "QUEUED"
    assert lines[-1] == f"submission #{sub_id}: {url}/submissions/{sub_id}"
    return sub_id, [m.group(2) for m in shown], "\n".join(lines[len(shown) : -1]) + "\n"


def test_login_keeps_a_private_token_that_the_server_takes(server: LiveServer, bank: Path, shell: Terminal) -> None:
    assert stat.S_IMODE(shell.config.stat().st_mode) == 0o600
    token = json.loads(shell.config.read_text())["tokens"][server.url]
    me = httpx.get(server.url + "/api/me", headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert me.json()["username"] == "kim"
    wrong = Terminal(shell.cwd.parent / "other", bank)
    refused = wrong("login", "--server", server.url, "--username", "kim", "--password-stdin", stdin="guess\n")
    assert refused.returncode == 1
    assert refused.stderr == f"error: {server.url}: wrong username or password\n"
    assert not wrong.config.exists()


def test_pull_then_submit_prints_what_judge_prints(server: LiveServer, shell: Terminal) -> None:
    pulled = shell("pull", "toy-multi")
    assert pulled.returncode == 0, pulled.stderr
    problem = httpx.get(server.url + "/api/problems/toy-multi", timeout=10).json()
    assert (shell.cwd / "toy-multi.md").read_text().rstrip("\n") == problem["statement"].rstrip("\n")
    assert (shell.cwd / "toy-multi.py").read_text().rstrip("\n") == problem["starters"]["pytorch"].rstrip("\n")
    assert pulled.stdout.splitlines()[-1] == "then: tensordojo submit toy-multi toy-multi.py --run"
    for code, verdict in ((ADD_AND_NEG, "ACCEPTED"), (WRONG_ADD, "WRONG_ANSWER")):
        (shell.cwd / "toy-multi.py").write_text(code)
        _, statuses, result = _submitted(shell("submit", "toy-multi", "toy-multi.py"), server.url)
        assert result.startswith(f"{verdict}: "), result
        judged = shell("judge", "toy-multi", "toy-multi.py")
        assert judged.returncode == 0, judged.stderr
        assert _times_aside(result) == _times_aside(judged.stdout)
        assert statuses in (["QUEUED"], ["QUEUED", "RUNNING"])
    again = shell("pull", "toy-multi")  # the file holds the learner's work now: left alone
    assert again.returncode == 1 and "toy-multi.py already there, and different: pass --force" in again.stderr
    assert (shell.cwd / "toy-multi.py").read_text() == WRONG_ADD


def test_run_shows_the_visible_examples_as_judge_does(server: LiveServer, shell: Terminal) -> None:
    (shell.cwd / "mine.py").write_text(BAD_EXAMPLE)
    sub_id, _, result = _submitted(shell("submit", "toy-multi", "mine.py", "--run"), server.url)
    judged = shell("judge", "toy-multi", "mine.py", "--examples-only")
    assert _times_aside(result) == _times_aside(judged.stdout)
    assert result.startswith("WRONG_ANSWER: ")
    assert "       inputs:   a = tensor(" in result and "       got:      tensor(" in result  # the example shown
    assert "test " not in result  # no hidden test on Run
    as_json = shell("submit", "toy-multi", "mine.py", "--run", "--json")
    assert as_json.returncode == 0, as_json.stderr
    body = json.loads(as_json.stdout)
    assert (body["verdict"], body["mode"]) == ("WRONG_ANSWER", "run")
    assert body["submission"] == {"id": sub_id + 1, "url": f"{server.url}/submissions/{sub_id + 1}"}
    assert STATUS.match(as_json.stderr)


def test_a_triton_starter_is_pulled_and_submitted_as_triton(server: LiveServer, shell: Terminal) -> None:
    pulled = shell("pull", "toy-softmax", "--language", "triton")
    assert pulled.returncode == 0, pulled.stderr
    assert sorted(p.name for p in shell.cwd.iterdir()) == ["toy-softmax.md", "triton_toy-softmax.py"]
    assert pulled.stdout.splitlines()[-1] == "then: tensordojo submit toy-softmax triton_toy-softmax.py --run"
    (shell.cwd / "triton_toy-softmax.py").write_text(TRITON_ROWS.read_text())
    sub_id, _, result = _submitted(shell("submit", "toy-softmax", "triton_toy-softmax.py", "--run"), server.url)
    assert result.startswith("ACCEPTED: "), result
    token = json.loads(shell.config.read_text())["tokens"][server.url]
    sub = httpx.get(
        f"{server.url}/api/submissions/{sub_id}", headers={"Authorization": f"Bearer {token}"}, timeout=10
    ).json()
    assert (sub["language"], sub["mode"], sub["verdict"]) == ("triton", "run", "ACCEPTED")


def test_a_revoked_or_missing_login_says_what_to_do(server: LiveServer, bank: Path, tmp_path: Path) -> None:
    term = Terminal(tmp_path, bank)
    (term.cwd / "a.py").write_text(ADD_AND_NEG)
    never = term("submit", "toy-multi", "a.py", "--server", server.url)
    assert never.returncode == 1
    assert never.stderr == (
        f"error: no token for {server.url}: run `tensordojo login --server {server.url}` (or set TENSORDOJO_TOKEN)\n"
    )
    term.env["TENSORDOJO_TOKEN"] = "tdj_" + "x" * 43
    stale = term("submit", "toy-multi", "a.py", "--server", server.url)
    assert stale.returncode == 1
    assert "refused the token (invalid or revoked API token): set TENSORDOJO_TOKEN" in stale.stderr
