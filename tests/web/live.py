"""Start a real `tensordojo serve` / `tensordojo worker` on a free loopback port.

Shared by the queue, API and browser tests: they need real processes (kill -9,
concurrent clients), not an in-process app.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def env_for(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TENSORDOJO_")}
    env.update(
        TENSORDOJO_DATA_DIR=str(data_dir),
        TENSORDOJO_PROBLEMS_DIR=str(ROOT / "problems"),
        TENSORDOJO_DEVICE="cpu",
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    return env


class Proc:
    """A child process whose output goes to a log file (read on failure)."""

    def __init__(
        self, args: list[str], env: dict[str, str], log: Path, *, module: str = "app.cli", cwd: Path = ROOT
    ) -> None:
        self.log = log
        self._handle = open(log, "wb")  # noqa: SIM115 - closed in stop()
        self.popen = subprocess.Popen(
            [PYTHON, "-m", module, *args],
            cwd=cwd,
            env=env,
            stdout=self._handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 40.0) -> None:
        if self.popen.poll() is None:
            self.popen.send_signal(sig)
            try:
                self.popen.wait(timeout)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()
        # the judge's sandbox children live in the same session: leave none behind
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.popen.pid, signal.SIGKILL)
        self._handle.close()


class LiveServer(Proc):
    """`tensordojo serve` on a free port; `cwd` where it starts, `unset` variables it must not get."""

    def __init__(
        self, data_dir: Path, *, workers: int = 1, cwd: Path = ROOT, unset: tuple[str, ...] = (), **extra: str
    ) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = env_for(data_dir, TENSORDOJO_WORKERS=str(workers), **extra)
        for name in unset:
            env.pop(name, None)
        super().__init__(
            ["serve", "--host", "127.0.0.1", "--port", str(self.port)],
            env,
            data_dir.parent / f"serve-{self.port}.log",
            cwd=cwd,
        )
        self.wait_ready()

    def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.popen.poll() is not None:
                raise RuntimeError("server exited:\n" + self.output())
            try:
                if httpx.get(self.url + "/api/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError("server did not start:\n" + self.output())


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def signup(client: httpx.Client, username: str, password: str = "correct horse battery") -> str:
    """Sign up through the real form; returns the CSRF token for API calls."""
    page = client.get("/signup")
    resp = client.post("/signup", data={"username": username, "password": password, "csrf_token": csrf_from(page.text)})
    assert resp.status_code == 303, resp.text
    return csrf_from(client.get("/problems").text)


def wait_verdict(client: httpx.Client, sub_id: int, timeout: float = 120.0) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        data = client.get(f"/api/submissions/{sub_id}").json()
        if data["verdict"]:
            return data
        time.sleep(0.2)
    raise AssertionError(f"submission {sub_id} still {data['status']} after {timeout} s")
