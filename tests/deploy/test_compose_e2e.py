"""docker-compose.yml built and run for real: the images are built (scripts/docker-build.sh),
the stack comes up on a loopback port, a learner signs up and submits through the
published port, the runner container judges in its sandbox, and an admin adds a
problem folder on the host and sees it after a reload. The stack is taken down at the end.

Needs a Docker engine and Compose (scripts/docker-engine.sh sets them up as root on
Debian); on a machine without them these tests fail, they are never skipped.
"""

from __future__ import annotations

import errno
import json
import os
import shlex
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator

import pytest

from tests.conftest import ROOT
from tests.deploy.compose import PASSWORD, Browser, Stack, csrf_from, free_port, page_text

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1800)]

BANK_PROBLEM = "vector-add"
ADDED_PROBLEM = "vector-add-again"  # a folder the admin adds on the host while the stack runs
ADMIN = "admin"
SANDBOX_UIDS = (200000, 265535)  # TENSORDOJO_SANDBOX_UIDS' default: a uid per submission

# A correct solution that first looks around from inside the sandbox and prints what it
# sees: the judge returns the submission's output with the verdict.
PROBE = '''import errno, json, os, socket

def _look():
    seen = {"uid": os.getuid(), "gid": os.getgid(), "groups": os.getgroups()}
    for path in ("/data", "/problems", "/opt/tensordojo"):
        try:
            seen[path] = sorted(os.listdir(path))
        except OSError as exc:
            seen[path] = exc.errno
    try:
        socket.create_connection(("127.0.0.1", 8000), timeout=2).close()
        seen["loopback"] = 0
    except OSError as exc:
        seen["loopback"] = exc.errno
    seen["pids"] = sorted(int(p) for p in os.listdir("/proc") if p.isdigit())
    with open("/proc/self/status") as handle:
        status = dict(line.split(":", 1) for line in handle if ":" in line)
    seen["caps"], seen["seccomp"] = status["CapEff"].strip(), status["Seccomp"].strip()
    print("PROBE " + json.dumps(seen))

_look()

def solve(a, b):
    return a + b
'''


@pytest.fixture(scope="module")
def stack(images: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    bank = tmp_path_factory.mktemp("bank")
    shutil.copytree(ROOT / "problems" / BANK_PROBLEM, bank / BANK_PROBLEM)
    for path in [bank, *bank.rglob("*")]:  # the web service reads it as its own user
        path.chmod(0o755 if path.is_dir() else 0o644)
    env_file = tmp_path_factory.mktemp("compose") / "empty.env"
    env_file.write_text("")
    stack = Stack(project=f"tensordojo-e2e-{os.getpid()}", bank=bank, port=free_port(), env_file=env_file)
    try:
        stack.up()
        yield stack
    finally:
        stack.down()
        print(images)
        print("compose e2e:", ", ".join(f"{k} {v:.0f} s" for k, v in stack.timings.items()))


@pytest.fixture(scope="module")
def admin(stack: Stack) -> str:
    """The first admin, made as the README says: `tensordojo users create NAME --admin`."""
    created = stack.compose("exec", "-T", "web", "tensordojo", "users", "create", ADMIN, "--admin",
                            "--password", PASSWORD)
    assert "(admin)" in created.stdout, created.stdout
    return ADMIN


def test_images_and_containers_are_as_designed(stack: Stack) -> None:
    web = stack.compose("exec", "-T", "web", "sh", "-c", "id -u; python3 -c 'import torch' 2>&1 || true").stdout
    uid, torch_import = web.split("\n", 1)
    assert uid.strip() == "10001", "the web service runs as its own non-root user"
    assert "No module named 'torch'" in torch_import, "the web image carries no torch"

    info = json.loads(subprocess.run(["docker", "inspect", stack.container("runner")],
                                     capture_output=True, text=True, check=True).stdout)[0]
    host = info["HostConfig"]
    assert host["NetworkMode"] == "none"
    assert host["ReadonlyRootfs"] is True
    assert host["CapDrop"] == ["ALL"]
    assert "seccomp:unconfined" not in host["SecurityOpt"] and "no-new-privileges:true" in host["SecurityOpt"]
    assert set(host["CapAdd"]) == {"SETUID", "SETGID", "SYS_ADMIN", "KILL", "DAC_OVERRIDE", "CHOWN"}
    assert "exec" in host["Tmpfs"]["/tmp"].split(","), "Triton loads the kernels it compiles from /tmp"
    mounts = {m["Destination"]: m for m in info["Mounts"]}
    assert mounts["/problems"]["RW"] is False and mounts["/problems"]["Source"] == str(stack.bank)


def test_a_submission_is_judged_by_the_runner_inside_its_sandbox(stack: Stack) -> None:
    learner = Browser(stack.url, stack.logs)
    learner.sign_up("learner")

    result = learner.verdict(learner.submit(BANK_PROBLEM, PROBE))
    assert result["verdict"] == "ACCEPTED", result["message"]
    assert result["device"] == "cpu"
    sandbox = result["result"]["sandbox"]
    layers = "\n".join(sandbox["layers"])
    # Every layer the compose file's capabilities allow, in force ...
    for layer in ("warm pool", "network namespace", "PID namespace", "IPC namespace",
                  "hidden behind empty read-only mounts", "private empty /tmp", "runs as a uid of its own",
                  "no_new_privs", "rlimits"):
        assert layer in layers, f"{layer!r} not in force:\n{layers}"
    # ... and nothing degraded but the memory cap (the watchdog stands in for a cgroup).
    assert all(line.startswith("memory:") for line in sandbox["degraded"]), sandbox["degraded"]

    # What the submission saw agrees with the report.
    line = next(x for x in result["result"]["stdout"].splitlines() if x.startswith("PROBE "))
    seen = json.loads(line.removeprefix("PROBE "))
    assert SANDBOX_UIDS[0] <= seen["uid"] <= SANDBOX_UIDS[1] and seen["gid"] == seen["uid"], seen
    assert seen["groups"] == [] and int(seen["caps"], 16) == 0, seen
    assert seen["seccomp"] == "2", f"the engine's seccomp filter applies to submissions: {seen}"
    assert seen["/data"] == [] and seen["/problems"] == [] and seen["/opt/tensordojo"] == [], seen
    assert seen["loopback"] == errno.ENETUNREACH, f"not even loopback in its network namespace: {seen}"
    assert max(seen["pids"]) <= 3, f"only the sandbox's own processes: {seen['pids']}"

    # Triton on the CPU: the interpreter, in the same runner.
    kernel = (ROOT / "problems" / BANK_PROBLEM / "solutions" / "accepted" / "triton_add.py").read_text()
    result = learner.verdict(learner.submit(BANK_PROBLEM, kernel, language="triton"))
    assert result["verdict"] == "ACCEPTED", result["message"]


def test_an_admin_adds_a_problem_on_the_host_without_a_rebuild(stack: Stack, admin: str) -> None:
    shutil.copytree(stack.bank / BANK_PROBLEM, stack.bank / ADDED_PROBLEM)
    for path in [stack.bank / ADDED_PROBLEM, *(stack.bank / ADDED_PROBLEM).rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    validated = stack.compose("run", "--rm", "-T", "runner", "tensordojo", "problems", "validate", ADDED_PROBLEM,
                              timeout=600)
    assert f"ok   {ADDED_PROBLEM}" in validated.stdout and "1 of 1 problems valid" in validated.stdout, validated.stdout

    browser = Browser(stack.url, stack.logs)
    browser.log_in(admin)
    assert ADDED_PROBLEM not in browser.problems(), "served before any reload"
    page = browser.client.get("/admin")
    assert page.status_code == 200
    reload = browser.client.post("/admin/reload", data={"csrf_token": csrf_from(page.text)})
    assert reload.status_code in (200, 303), reload.text
    assert ADDED_PROBLEM in browser.problems()

    # The runner judges it too (it reloads its own bank): nothing was rebuilt or restarted.
    result = browser.verdict(browser.submit(ADDED_PROBLEM, "def solve(a, b):\n    return a + b\n"))
    assert result["verdict"] == "ACCEPTED", result["message"]


def test_the_database_is_backed_up_while_it_serves(stack: Stack, tmp_path) -> None:
    Browser(stack.url, stack.logs).sign_up("kept")
    target = tmp_path / "backup.db"
    env = {**stack.env(), "COMPOSE": shlex.join(stack.compose_argv())}
    done = subprocess.run([str(ROOT / "scripts" / "backup.sh"), str(target)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    with sqlite3.connect(target) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        users = {row[0] for row in copy.execute("SELECT username FROM users")}
    assert "kept" in users, users


def test_the_admin_page_reports_the_runners_sandbox(stack: Stack, admin: str) -> None:
    """The admin page must describe the sandbox the runner gives submissions (all layers,
    above), not the web service's own process, which judges nothing."""
    browser = Browser(stack.url, stack.logs)
    browser.log_in(admin)
    page = browser.client.get("/admin")
    assert page.status_code == 200
    text = page_text(page.text)
    for wrong in ("could not be inspected", "no uid drop", "no namespaces"):
        assert wrong not in text, f"the admin page claims {wrong!r} of a runner that has every layer:\n{text[:3000]}"
