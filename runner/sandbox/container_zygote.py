"""The zygote of one sandbox container: `python -I -m runner.sandbox.container_zygote
SOCKET TAG`, the container's main process.

It connects to the runner's socket (bound into the container), imports torch, says it
is ready (with a fingerprint of its code: the runner refuses a container of other code),
then waits for exactly one submission. For it, it forks the supervisor as the process
backend's zygote does; the supervisor itself answers with its pid, so the kernel
translates that pid into the runner's PID namespace (SCM_CREDENTIALS). The zygote then
waits for the supervisor, and exits: the container, and everything left in it, goes
with it. It also goes when the runner does (its socket, or the submission's, closes).
"""

from __future__ import annotations

import ast
import contextlib
import hashlib
import json
import os
import select
import socket
import sys
import traceback
from functools import cache
from pathlib import Path
from typing import Any, NoReturn

from runner.sandbox.interpreter import FD_NAMES

MAX_REQUEST = 1 << 20
RUNNER_GONE_GRACE_S = 2.0  # the submission's socket closed while its supervisor still runs
OOM_FILES = ("/sys/fs/cgroup/memory.events", "/sys/fs/cgroup/memory/memory.oom_control")


ENTRY_MODULES = ("runner.sandbox.container_zygote", "runner.sandbox.spawn", "runner.harness")


def _module_file(root: Path, name: str) -> Path | None:
    """The file of a runner module (a package's __init__), or None (a name in a module)."""
    path = root.joinpath(*name.split(".")[1:])
    for candidate in (path / "__init__.py", path.with_suffix(".py")):
        if candidate.is_file():
            return candidate
    return None


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_bytes())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {n for n in names if n == "runner" or n.startswith("runner.")}


@cache
def code_fingerprint() -> str:
    """A hash of the code that runs inside a container (every runner module its entry
    points import, at any depth): the judge and the container's harness must be the same
    code, since their protocol has no versions."""
    root = Path(__file__).resolve().parents[1]
    files: set[Path] = set()
    todo = [*ENTRY_MODULES, *(f"runner.harness.{p.stem}" for p in (root / "harness").glob("*.py"))]
    while todo:
        path = _module_file(root, todo.pop())
        if path is not None and path not in files:
            files.add(path)
            todo.extend(_imports(path))
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def oom_kills() -> int:
    """Processes the kernel killed for the container's memory cap so far (cgroup v2 or v1)."""
    for path in OOM_FILES:
        with contextlib.suppress(OSError, ValueError):
            for line in Path(path).read_text().splitlines():
                key, _, value = line.partition(" ")
                if key == "oom_kill":
                    return int(value)
    return 0


def localise(config: dict[str, Any]) -> dict[str, Any]:
    """The judge's sandbox spec, with this image's own PATH (its interpreter, its tools)."""
    env = dict(config.get("env", {}))
    env["PATH"] = os.environ.get("PATH", "/usr/bin:/bin")
    return {**config, "env": env}


def _watch(supervisor: int, job: int, status: int) -> NoReturn:
    """Until the supervisor ends (or the submission's socket closes and it still runs
    after a grace): then note the kernel's kills for memory on the status pipe, and go."""
    before = oom_kills()
    pidfd = os.pidfd_open(supervisor)
    poller = select.poll()
    poller.register(pidfd, select.POLLIN)
    poller.register(job, 0)  # only hang-ups: the runner closed the submission, or died
    ended = False
    while not ended:
        for fd, _ in poller.poll():
            if fd == pidfd:
                ended = True
            elif not select.select([pidfd], [], [], RUNNER_GONE_GRACE_S)[0]:
                os._exit(0)  # the runner is gone: the container and all in it go now
            else:
                ended = True
    with contextlib.suppress(ChildProcessError):
        os.waitpid(supervisor, 0)
    kills = oom_kills() - before
    if kills > 0:
        with contextlib.suppress(OSError):
            os.write(status, f"oom {kills}\n".encode())
    os.close(status)  # the judge sees the end now, not after this large process has unmapped its memory
    os._exit(0)


def serve_one(sock: socket.socket) -> None:
    """Wait for the one submission of this container and start it."""
    data, fds, _, _ = socket.recv_fds(sock, MAX_REQUEST, len(FD_NAMES))
    if not data:
        return  # the runner closed us unused
    try:
        request = json.loads(data)
    except ValueError:
        request = {}
    if request.get("op") != "spawn" or len(fds) != len(FD_NAMES):
        sock.send(json.dumps({"error": "malformed request"}).encode())
        return
    named = dict(zip(FD_NAMES, fds, strict=True))
    config = localise(request["config"])
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        try:
            sock.send(json.dumps({"pid": os.getpid()}).encode())  # the kernel adds our pid as the runner sees it
        except OSError:
            os._exit(0)
        sock.close()
        from runner.sandbox.spawn import supervise

        supervise(config, named)
    job, status = os.dup(named["job"]), os.dup(named["status"])
    for fd in fds:
        os.close(fd)
    sock.close()
    _watch(pid, job, status)


def main() -> None:
    """Connect, import torch, report ready, judge one submission, exit."""
    path = sys.argv[1]
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    try:
        sock.connect(path)
    except OSError as exc:
        sys.exit(f"sandbox container: the runner's socket {path} does not answer ({exc})")
    try:
        from runner.sandbox.zygote import _preload

        ready = {"ready": os.getpid(), "loaded": _preload(), "code": code_fingerprint()}
    except BaseException:  # noqa: BLE001 - told to the runner, which reports it
        ready = {"error": traceback.format_exc(limit=8)}
    try:
        sock.send(json.dumps(ready).encode())
        if "ready" in ready:
            serve_one(sock)
    except OSError:
        pass  # the runner is gone
    os._exit(0)


if __name__ == "__main__":
    main()
