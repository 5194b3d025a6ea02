"""The sandboxed process tree of one submission, built inside a fresh process.

Runs in a fork of the warm zygote (or in a cold-started interpreter). That process
becomes the *supervisor*: trusted, it creates the namespaces, starts the user's
process (through a tiny init when there is a PID namespace), reports which layers
are in force, waits, kills whatever is left and reports the exit status on a pipe
the user's process never holds.

    supervisor (judge's uid, session leader, child subreaper)
      └─ init (pid 1 of the new PID namespace; reaps, exits with the user process)
           └─ user process (mounts hidden, uid dropped, no_new_privs, rlimits) -> harness
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import resource
import select
import signal
import sys
import time
import traceback
from typing import Any, NoReturn

from runner.sandbox import isolate, layers
from runner.sandbox.spec import SandboxSpec

SETUP_TIMEOUT_S = 30.0


def _descendants(root: int) -> list[int]:
    """Every live process below `root` (children found through /proc's ppid fields)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                ppid = int(handle.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        for pid in children.get(todo.pop(), []):
            found.append(pid)
            todo.append(pid)
    return found


def _start_reaper(uid: int) -> tuple[int, int]:
    """A helper running as the sandbox's own uid that kills every process of that uid
    once our end of its pipe closes (when we finish, or die). It can do what we may not
    without CAP_KILL: signal another uid; a uid of the sandbox's own makes kill(-1)
    reach exactly its processes, orphans included. Returns (its pid, our end)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.closerange(0, read_end)
            os.closerange(read_end + 1, resource.getrlimit(resource.RLIMIT_NOFILE)[0])
            isolate.drop_to(uid, uid)
            isolate.prctl(isolate.PR_SET_NO_NEW_PRIVS, 1)
            while os.read(read_end, 64):
                pass
            for _ in range(3):
                with contextlib.suppress(OSError):
                    os.kill(-1, signal.SIGKILL)
                time.sleep(0.01)
        finally:
            os._exit(0)
    os.close(read_end)
    return pid, write_end


def _kill_descendants(reaper: int | None = None) -> None:
    """As the subreaper: SIGKILL and reap everything below us until nothing is left
    (first waking the reaper, which may signal what we may not)."""
    if reaper is not None:
        with contextlib.suppress(OSError):
            os.close(reaper)
    me = os.getpid()
    for _ in range(200):
        pids = _descendants(me)
        for pid in pids:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
        reaped = False
        while True:
            try:
                pid, _ = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                break
            reaped = True
        if not pids and not reaped:
            time.sleep(0.01)


def _write_line(fd: int, kind: str, payload: Any) -> None:
    data = f"{kind} {json.dumps(payload)}\n".encode()
    with contextlib.suppress(OSError):
        os.write(fd, data)


def _read_all(fd: int, timeout: float) -> bytes:
    chunks, deadline = [], time.monotonic() + timeout
    while True:
        wait = deadline - time.monotonic()
        if wait <= 0 or not select.select([fd], [], [], wait)[0]:
            return b"".join(chunks)
        chunk = os.read(fd, 65536)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _place_fds(fds: list[int]) -> list[int]:
    """Move the given descriptors to 3, 4, ... and close every other one above 2."""
    base = max(fds) + 1
    high = [fcntl.fcntl(fd, fcntl.F_DUPFD, base) for fd in fds]  # above every target: no clobbering
    for i, fd in enumerate(high):
        os.dup2(fd, 3 + i)
    os.closerange(3 + len(fds), resource.getrlimit(resource.RLIMIT_NOFILE)[0])
    return [3 + i for i in range(len(fds))]


def _enter_user_process(spec: SandboxSpec, fds: dict[str, int], ns: dict[str, bool], setup_w: int) -> NoReturn:
    """The user's process: finish the layers, then serve the judge's requests."""
    report: dict[str, list[str]] = {"applied": [], "degraded": []}
    code = 0
    try:
        isolate.prctl(isolate.PR_SET_PDEATHSIG, signal.SIGKILL)
        null = os.open("/dev/null", os.O_RDONLY)
        os.dup2(null, 0)
        os.close(null)
        os.dup2(fds["out"], 1)
        os.dup2(fds["out"], 2)
        job, result, setup = _place_fds([fds["job"], fds["result"], setup_w])
        report = layers.enter(spec, ns)
        os.write(setup, json.dumps(report).encode())
        os.close(setup)
        from runner.harness.serve import child_main

        child_main(job, result)
    except SystemExit as exc:  # escaped the harness: end with its status
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:  # noqa: BLE001 - a broken setup must still end this process
        with contextlib.suppress(OSError):
            os.write(2, traceback.format_exc().encode())
        code = 70
    finally:
        with contextlib.suppress(BaseException):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)


def _init(spec: SandboxSpec, fds: dict[str, int], ns: dict[str, bool], setup_w: int, exit_w: int) -> NoReturn:
    """pid 1 of the new namespace: start the user process, reap, report its status."""
    try:
        isolate.prctl(isolate.PR_SET_PDEATHSIG, signal.SIGKILL)
        user = os.fork()
        if user == 0:
            os.close(exit_w)
            _enter_user_process(spec, fds, ns, setup_w)
        for fd in (*fds.values(), setup_w):
            os.close(fd)
        while True:
            pid, status = os.waitpid(-1, 0)
            if pid == user:
                os.write(exit_w, str(status).encode())
                break
    finally:
        os._exit(0)


def supervise(config: dict[str, Any], fds: dict[str, int]) -> NoReturn:
    """Entry of a fresh process holding the submission's descriptors; never returns."""
    status_w = fds.pop("status")
    reaper: int | None = None
    try:
        for sig in (signal.SIGCHLD, signal.SIGINT, signal.SIGTERM):  # SIGPIPE stays ignored, as in Python
            signal.signal(sig, signal.SIG_DFL)
        os.setsid()
        isolate.prctl(isolate.PR_SET_CHILD_SUBREAPER, 1)
        spec = SandboxSpec.from_json(config)
        spec.nproc = layers.task_limit(spec)
        ns, degraded = layers.enter_namespaces(spec)
        # After the uid maps are written (they need a dumpable process): from here on no
        # ptrace and no /proc/<pid>/mem of the supervisor, even by the same uid.
        isolate.prctl(isolate.PR_SET_DUMPABLE, 0)
        helpers: list[int] = []
        if not ns["pid"] and spec.uid is not None and os.geteuid() == 0:
            reaper_pid, reaper = _start_reaper(spec.uid)
            helpers.append(reaper_pid)
        setup_r, setup_w = os.pipe()
        exit_r, exit_w = os.pipe()
        first = os.fork()
        if first == 0:
            os.close(setup_r)
            os.close(exit_r)
            os.close(status_w)
            if reaper is not None:
                os.close(reaper)
            if ns["pid"]:
                _init(spec, fds, ns, setup_w, exit_w)
            os.close(exit_w)
            _enter_user_process(spec, fds, ns, setup_w)
        for fd in (*fds.values(), setup_w, exit_w):
            os.close(fd)
        raw = _read_all(setup_r, SETUP_TIMEOUT_S)
        os.close(setup_r)
        if not raw:
            raise RuntimeError("the sandboxed process died while its layers were being set up")
        report = json.loads(raw.decode())
        report["degraded"] = degraded + report["degraded"]
        report["namespaces"] = ns
        report["first"], report["helpers"] = first, helpers  # the judge tells the user's processes by these
        _write_line(status_w, "ready", report)
        while True:  # as subreaper we also reap orphans; stop when our own child ends
            pid, status = os.waitpid(-1, 0)
            if pid == first:
                break
        if ns["pid"]:
            got = os.read(exit_r, 64)
            status = int(got) if got else signal.SIGKILL  # init killed: the whole namespace died
        _kill_descendants(reaper)
        _write_line(status_w, "exit", os.waitstatus_to_exitcode(status))
    except BaseException:  # noqa: BLE001 - report the judge's own failure, then go
        _kill_descendants(reaper)
        _write_line(status_w, "error", traceback.format_exc(limit=6))
    finally:
        os._exit(0)


def cold_main() -> None:
    """`python -I -c ... cold_main() CONFIG_JSON`: a cold-started supervisor."""
    payload = json.loads(sys.argv[1])
    from runner.harness import serve  # noqa: F401 - import torch before any layer hides files

    supervise(payload["config"], payload["fds"])
