"""Fixtures of the attack suite: a warm judge pool on the real problem bank with
test-sized limits, the secrets an attack must not reach, and probes of the host."""

from __future__ import annotations

import dataclasses
import os
import secrets
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from runner.bank import Problem, load_bank
from runner.config import JudgeSettings
from runner.judge.pool import JudgePool
from runner.problem import Limits
from runner.seeds import hidden_seed
from tests.backends import on_backend

ROOT = Path(__file__).resolve().parents[2]
SUBMISSIONS = Path(__file__).resolve().parent / "submissions"
ATTACK_PORT = 47615  # the port an attack tries to leave listening
TEST_LIMITS = Limits(wall_seconds=5, memory_mb=1536)


@dataclasses.dataclass
class Secrets:
    """Strings that must never appear in what a submission gets back."""

    values: dict[str, str]

    def leaks(self, text: str) -> list[str]:
        return [name for name, value in self.values.items() if value and value in text]


class Listener(threading.Thread):
    """A loopback TCP service recording whatever reaches it."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.server = socket.socket()
        self.server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.server.bind(("127.0.0.1", 0))  # the attack finds it through /proc/net/tcp
        self.server.listen(16)
        self.received: list[bytes] = []

    def run(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(1)
                try:
                    self.received.append(conn.recv(4096))
                except OSError:
                    self.received.append(b"<connected>")


@pytest.fixture(scope="session")
def attack_settings(tmp_path_factory: pytest.TempPathFactory) -> JudgeSettings:
    data = tmp_path_factory.mktemp("attack-data")
    device = os.environ.get("TENSORDOJO_DEVICE", "cpu")  # cuda on a GPU host
    return on_backend(JudgeSettings(problems_dir=ROOT / "problems", data_dir=data, device=device, judge_secret=None,
                                    torch_threads=1, timing_budget_s=0.2))


@pytest.fixture(scope="session")
def attack_pool(attack_settings: JudgeSettings) -> Iterator[JudgePool]:
    with JudgePool(attack_settings) as pool:
        assert pool.pool.pid is not None, "the zygote did not start (on the container backend: no container)"
        yield pool


@pytest.fixture(scope="session")
def attack_problems(attack_settings: JudgeSettings) -> dict[str, Problem]:
    """The real problems; "<slug> tight" has limits small enough that limit attacks end quickly."""
    bank = load_bank(attack_settings.problems_dir)
    problems = {}
    for slug in ("vector-add", "softmax"):  # the problems attacks name in a `# problem:` header
        problem = bank.get(slug)
        assert problem is not None, bank.errors
        problems[slug] = problem  # submit mode (timing on large inputs) keeps the real limits
        problems[f"{slug} tight"] = dataclasses.replace(
            problem, spec=problem.spec.model_copy(update={"limits": TEST_LIMITS}))
    return problems


@pytest.fixture(scope="session")
def decoy() -> Iterator[str]:
    """A process of ours holding a secret in its environment (read via /proc/*/environ)."""
    canary = "decoy-" + secrets.token_hex(12)
    proc = subprocess.Popen(["sleep", "3600"], env={"TENSORDOJO_JUDGE_SECRET": canary, "PATH": "/usr/bin:/bin"})
    yield canary
    proc.kill()
    proc.wait()


@pytest.fixture(scope="session")
def judge_secrets(attack_settings: JudgeSettings, attack_problems: dict[str, Problem], decoy: str) -> Secrets:
    secret = attack_settings.secret_bytes()
    values = {"judge secret": secret.decode(), "decoy environment": decoy,
              "outer environment": os.environ.get("TENSORDOJO_ATTACK_CANARY", "")}
    for slug, problem in attack_problems.items():
        if slug.endswith(" tight"):
            continue
        source = (problem.root / "reference.py").read_text().splitlines()
        values[f"{slug} reference source"] = next(line for line in source if "def " in line)
        for entry in problem.spec.entries():
            for test in entry.tests:
                seed = hidden_seed(secret, slug, entry.name, test.name, test.base_seed)
                values[f"{slug} hidden seed {test.name}"] = str(seed)
    return Secrets(values)


@pytest.fixture(scope="module")  # closed before the unprivileged re-run binds the same port
def listener() -> Iterator[Listener]:
    service = Listener()
    service.start()
    yield service
    service.server.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept()
    service.server.close()


def tagged_processes(tag: str, exclude: int | None) -> list[str]:
    """Processes whose command line carries the pool's tag (every fork of its zygote)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == exclude:
            continue
        try:
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes()
        except OSError:
            continue
        if tag.encode() in cmdline:
            found.append(entry)
    return found


def listening(port: int) -> bool:
    """Whether anything on the host listens on the TCP port (IPv4 or IPv6)."""
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == "0A":
                return True
    return False


def attack_files() -> list[Path]:
    """Files the attacks may have left on the host (their names all start with attack-)."""
    folders = [Path("/tmp"), Path("/var/tmp"), Path("/dev/shm"), Path.home(), ROOT, Path.cwd()]
    return sorted(p for folder in folders if folder.is_dir() for p in folder.glob("attack-*"))


def wait_until(condition: object, seconds: float = 3.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.05)
    return bool(condition())  # type: ignore[operator]
