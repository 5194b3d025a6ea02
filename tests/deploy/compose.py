"""Drives the project's compose file for the container tests: one project of its own
(web + runner), a free loopback port, a problem bank in a temporary folder on the host.

Works with Compose v2 (`docker compose`) and Debian's `docker-compose` 1.29; the
command is `docker compose` where it exists, else `docker-compose` (or $COMPOSE).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import socket
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from tests.conftest import ROOT

IMAGE_TAG = "e2e"
PASSWORD = "correct horse battery"


def compose_command() -> list[str]:
    if os.environ.get("COMPOSE"):
        return shlex.split(os.environ["COMPOSE"])
    if subprocess.run(["docker", "compose", "version"], capture_output=True).returncode == 0:
        return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    raise AssertionError("neither `docker compose` nor `docker-compose` is installed (scripts/docker-engine.sh)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def page_text(html: str) -> str:
    """A page's visible text, whitespace folded (for assertions on what it says)."""
    import html as html_lib

    return re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", " ", html)))


def wait_healthy(url: str, logs: Callable[[], str], timeout: float = 120) -> None:
    """Until the web service answers its liveness probe."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/api/health", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"the web service did not answer on {url}:\n{logs()}")


@dataclass
class Stack:
    """One compose project of the project's docker-compose.yml."""

    project: str
    bank: Path
    port: int
    env_file: Path  # an empty one: a developer's .env in the checkout must not steer the test
    timings: dict[str, float] = field(default_factory=dict)
    overrides: list[str] = field(default_factory=list)  # compose files over docker-compose.yml
    settings: dict[str, str] = field(default_factory=dict)  # more TENSORDOJO_* for compose to read

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def env(self) -> dict[str, str]:
        """The compose command's environment: none of the caller's TENSORDOJO_* settings
        (they would reach the containers), only this stack's."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("TENSORDOJO_")}
        env.update(
            TENSORDOJO_IMAGE_TAG=IMAGE_TAG,
            TENSORDOJO_BANK_DIR=str(self.bank),
            TENSORDOJO_PUBLISH=f"127.0.0.1:{self.port}",
            **self.settings,
        )
        return env

    def compose_argv(self) -> list[str]:
        return [*compose_command(), "--env-file", str(self.env_file), "-p", self.project,
                *(arg for name in ["docker-compose.yml", *self.overrides] for arg in ("-f", str(ROOT / name)))]

    def compose(self, *args: str, timeout: float = 300, check: bool = True) -> subprocess.CompletedProcess[str]:
        argv = [*self.compose_argv(), *args]
        done = subprocess.run(argv, cwd=ROOT, env=self.env(), capture_output=True, text=True, timeout=timeout)
        if check and done.returncode != 0:
            raise AssertionError(f"{shlex.join(argv)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
        return done

    def up(self) -> None:
        started = time.monotonic()
        self.compose("up", "-d", "--no-build", timeout=600)
        self.wait_healthy()
        self.timings["up"] = time.monotonic() - started

    def wait_healthy(self) -> None:
        wait_healthy(self.url, self.logs)

    def logs(self) -> str:
        done = self.compose("logs", "--no-color", "--tail", "200", check=False, timeout=60)
        return done.stdout + done.stderr

    def container(self, service: str) -> str:
        ids = self.compose("ps", "-q", service).stdout.split()
        assert ids, f"no {service} container is running:\n{self.logs()}"
        return ids[0]

    def down(self) -> None:
        self.compose("down", "-v", "--remove-orphans", check=False, timeout=300)


class Browser:
    """A user of the web app through the published port: the same forms and API calls
    as the pages make (session cookie, CSRF token)."""

    def __init__(self, url: str, logs: Callable[[], str]) -> None:
        self.client = httpx.Client(base_url=url, follow_redirects=False, timeout=30)
        self.logs = logs  # the services' logs, shown when a submission is not judged in time
        self.csrf = ""

    def sign_up(self, username: str) -> None:
        page = self.client.get("/signup")
        resp = self.client.post("/signup", data={"username": username, "password": PASSWORD,
                                                 "csrf_token": csrf_from(page.text)})
        assert resp.status_code == 303, resp.text
        self.csrf = csrf_from(self.client.get("/problems").text)

    def log_in(self, username: str) -> None:
        page = self.client.get("/login")
        resp = self.client.post("/login", data={"username": username, "password": PASSWORD,
                                                "csrf_token": csrf_from(page.text)})
        assert resp.status_code == 303, resp.text
        self.csrf = csrf_from(self.client.get("/problems").text)

    def submit(self, problem: str, code: str, language: str = "pytorch") -> int:
        resp = self.client.post("/api/submissions", headers={"X-CSRF-Token": self.csrf},
                                json={"problem": problem, "language": language, "mode": "submit", "code": code})
        assert resp.status_code == 202, resp.text
        return int(resp.json()["id"])

    def verdict(self, submission: int, timeout: float = 300) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            data = self.client.get(f"/api/submissions/{submission}").json()
            if data.get("verdict"):
                return data
            time.sleep(0.5)
        raise AssertionError(f"submission {submission} not judged within {timeout} s:\n{self.logs()}")

    def problems(self) -> set[str]:
        return {p["slug"] for p in self.client.get("/api/problems").json()}
