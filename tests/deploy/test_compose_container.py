"""docker-compose.yml with docker-compose.container.yml, built and run for real: the
runner judges each submission in a sandbox container it starts through the host's
engine (Docker outside of Docker), the submission sees neither the engine's socket nor
the runner's files, the admin page names the backend, and nothing is left once the
stack is down.

Needs a Docker engine and Compose, as tests/deploy/test_compose_e2e.py does; on a
machine without them these tests fail, they are never skipped.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from runner.sandbox.container_config import LABEL
from tests.attacks.conftest import wait_until
from tests.conftest import ROOT
from tests.deploy.compose import PASSWORD, Browser, Stack, free_port, page_text

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1200)]

PROBLEM = "vector-add"
ADMIN = "admin"
PROBE = '''import json, os, socket

def _look():
    seen = {"uid": os.getuid()}
    for path in ("/var/run/docker.sock", "/run/docker.sock", "/data", "/problems", "/opt/tensordojo/problems"):
        try:
            seen[path] = sorted(os.listdir(path)) if os.path.isdir(path) else os.path.exists(path)
        except OSError as exc:
            seen[path] = exc.errno
    try:
        socket.create_connection(("127.0.0.1", 8000), timeout=2).close()
        seen["web"] = 0
    except OSError as exc:
        seen["web"] = exc.errno
    with open("/proc/self/status") as handle:
        status = dict(line.split(":", 1) for line in handle if ":" in line)
    seen["caps"] = status["CapEff"].strip()
    print("PROBE " + json.dumps(seen))

_look()

def solve(a, b):
    return a + b
'''


def sandbox_runners() -> list[str]:
    """The runner named on each sandbox container on the engine (its hostname first)."""
    ids = subprocess.run(["docker", "ps", "-aq", "--filter", f"label={LABEL}"], capture_output=True,
                         text=True).stdout.split()
    if not ids:
        return []
    template = "{{index .Config.Labels \"" + LABEL + "\"}}"
    return subprocess.run(["docker", "inspect", "--format", template, *ids], capture_output=True,
                          text=True).stdout.split()


@pytest.fixture(scope="module")
def stack(images: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    bank = tmp_path_factory.mktemp("bank")
    shutil.copytree(ROOT / "problems" / PROBLEM, bank / PROBLEM)
    for path in [bank, *bank.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    env_file = tmp_path_factory.mktemp("compose") / "empty.env"
    env_file.write_text("")
    link = Path(tmp_path_factory.mktemp("link"))  # a host path, bound at the same path into the runner
    stack = Stack(project=f"tensordojo-container-{os.getpid()}", bank=bank, port=free_port(), env_file=env_file,
                  overrides=["docker-compose.container.yml"],
                  settings={"TENSORDOJO_CONTAINER_LINK_DIR": str(link), "TENSORDOJO_CONTAINER_POOL_SIZE": "1"})
    try:
        stack.up()
        yield stack
    finally:
        stack.down()


def test_submissions_are_judged_in_containers_of_their_own(stack: Stack) -> None:
    learner = Browser(stack.url, stack.logs)
    learner.sign_up("learner")
    result = learner.verdict(learner.submit(PROBLEM, PROBE))
    assert result["verdict"] == "ACCEPTED", result["message"]
    layers = result["result"]["sandbox"]["layers"]
    assert layers[0].startswith("container:"), layers
    assert any("network_mode none" in line for line in layers) and "no_new_privs" in layers, layers
    line = next(x for x in result["result"]["stdout"].splitlines() if x.startswith("PROBE "))
    seen = json.loads(line.removeprefix("PROBE "))
    assert seen["/var/run/docker.sock"] is False and seen["/run/docker.sock"] is False, seen
    assert seen["/problems"] is False and seen["/opt/tensordojo/problems"] == [], seen
    assert seen["/data"] in ([], 13), seen  # an empty tmpfs over the image's volume, root's own
    assert seen["web"] != 0 and int(seen["caps"], 16) == 0 and seen["uid"] >= 200000, seen

    runner = json.loads(subprocess.run(["docker", "inspect", stack.container("runner")], capture_output=True,
                                       text=True, check=True).stdout)[0]
    mounts = {m["Destination"] for m in runner["Mounts"]}
    assert "/var/run/docker.sock" in mounts, "the engine's socket: the runner's"
    wrong = learner.verdict(learner.submit(PROBLEM, "def solve(a, b):\n    return a - b\n"))
    assert wrong["verdict"] == "WRONG_ANSWER", wrong["message"]


def test_the_admin_page_names_the_container_backend(stack: Stack) -> None:
    created = stack.compose("exec", "-T", "web", "tensordojo", "users", "create", ADMIN, "--admin",
                            "--password", PASSWORD)
    assert "(admin)" in created.stdout, created.stdout
    browser = Browser(stack.url, stack.logs)
    browser.log_in(ADMIN)
    page = browser.client.get("/admin").text
    assert '<strong class="backend">container</strong>' in page, page_text(page)[:3000]
    assert "memory per container" in page_text(page)


def test_nothing_is_left_once_the_stack_is_down(stack: Stack) -> None:
    hostname = stack.container("runner")[:12]  # a runner names its containers after its host
    assert any(r.startswith(hostname) for r in sandbox_runners()), "the runner keeps one container waiting"
    stack.down()
    assert wait_until(lambda: not any(r.startswith(hostname) for r in sandbox_runners()), 60), sandbox_runners()
