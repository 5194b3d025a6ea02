"""The judge's side of a sandboxed child: start it (warm fork or cold spawn), talk to
it under the wall-clock deadline, watch its memory and tasks, kill its whole tree.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from runner import protocol
from runner.config import JudgeSettings
from runner.errors import JudgeError
from runner.sandbox.layers import (
    MEMORY_WATCHDOG,
    TMP_BYTES,
    Plan,
    child_env,
    hidden_paths,
)

if TYPE_CHECKING:
    from runner.sandbox.pool import WarmPool

log = logging.getLogger(__name__)
PROJECT_ROOT = Path(__file__).resolve().parents[2]  # holds the runner package
WATCH_INTERVAL_S = 0.05
MAX_TASKS = 256  # backstop where RLIMIT_NPROC is not enforced (user code left as root)
READY_TIMEOUT_S = 180.0  # a cold start under heavy load can take this long
STATUS_GRACE_S = 5.0
TIME_SLACK_NS = 2_000_000  # reported call times may exceed the judge's clock by this much
# Our own interpreter binary, opened without walking its path: a venv may live under a
# directory the judge's user cannot traverse once it has dropped privileges (argv[0]
# stays sys.executable, so the venv is still found).
INTERPRETER = "/proc/self/exe"

@dataclass
class ChildExit:
    """How the child ended, for the verdict."""

    returncode: int | None  # exit status, or -signal
    reason: str | None  # "wall", "memory", "tasks", "channel" when the judge ended it; None otherwise
    output: str  # stdout and stderr, cut at the output limit
    peak_rss_bytes: int  # largest memory the watchdog saw (RSS, or PSS near the limit)


def _proc_table() -> dict[int, tuple[int, int, int]]:
    """pid -> (ppid, session id, threads) for every process on the host."""
    table = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        table[int(entry)] = (int(fields[1]), int(fields[3]), int(fields[17]))
    return table


def _tree(root: int, table: dict[int, tuple[int, int, int]]) -> list[int]:
    """Descendants of `root`, plus anything still in its session (the supervisor's)."""
    children: dict[int, list[int]] = {}
    for pid, (ppid, _, _) in table.items():
        children.setdefault(ppid, []).append(pid)
    found, todo = set(), [root]
    while todo:
        for pid in children.get(todo.pop(), []):
            if pid not in found:
                found.add(pid)
                todo.append(pid)
    found.update(pid for pid, (_, sid, _) in table.items() if sid == root and pid != root)
    return sorted(found)


def _rss(pid: int) -> int:
    """Resident set size: cheap, but counts pages shared with the zygote in full."""
    try:
        with open(f"/proc/{pid}/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return 0


def _pss(pid: int) -> int:
    """Proportional set size: pages shared with the zygote count only in part (slower)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return _rss(pid)


def _memory(pids: list[int], limit: int) -> int:
    """Memory of the sandbox's processes: RSS while it is under the limit (an upper
    bound), PSS once RSS alone would exceed it."""
    rss = sum(_rss(pid) for pid in pids)
    return rss if rss <= limit else sum(_pss(pid) for pid in pids)


class _OutputReader(threading.Thread):
    """Drains the child's stdout/stderr so it never blocks; keeps the first bytes."""

    def __init__(self, fd: int, limit: int) -> None:
        super().__init__(daemon=True)
        self.fd, self.limit = fd, limit
        self.chunks: list[bytes] = []
        self.size = 0
        self.truncated = False

    def run(self) -> None:
        while True:
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            if self.size < self.limit:
                keep = chunk[: self.limit - self.size]
                self.chunks.append(keep)
                self.size += len(keep)
            if self.size >= self.limit and len(chunk):
                self.truncated = True
        os.close(self.fd)

    def text(self) -> str:
        text = b"".join(self.chunks).decode("utf-8", errors="replace")
        return text + (f"\n[output cut at {self.limit // 1024} KiB]" if self.truncated else "")


class _Status(threading.Thread):
    """Reads the supervisor's reports: `ready {layers}`, then `exit CODE` (or `error`)."""

    def __init__(self, fd: int) -> None:
        super().__init__(daemon=True)
        self.fd = fd
        self.ready = threading.Event()
        self.ended = threading.Event()
        self.report: dict[str, Any] | None = None
        self.returncode: int | None = None
        self.error: str | None = None

    def run(self) -> None:
        buffer = b""
        while True:
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:
                chunk = b""
            if not chunk:
                break
            buffer += chunk
            while b"\n" in buffer:
                line, buffer = buffer.split(b"\n", 1)
                kind, _, payload = line.decode(errors="replace").partition(" ")
                try:
                    value = json.loads(payload)
                except ValueError:
                    continue
                if kind == "ready":
                    self.report = value
                    self.ready.set()
                elif kind == "exit":
                    self.returncode = int(value)
                elif kind == "error":
                    self.error = str(value)
        os.close(self.fd)
        self.ready.set()
        self.ended.set()


class Child:
    """A running sandboxed child: request/reply under the submission's deadline."""

    def __init__(
        self, supervisor: int, cold: subprocess.Popen[bytes] | None, to_child: int, from_child: int,
        status: _Status, reader: _OutputReader, workdir: Path, wall_seconds: float, memory_bytes: int,
    ) -> None:
        self.supervisor, self.cold = supervisor, cold
        self.to_child, self.from_child = to_child, from_child
        self.status, self.reader, self.workdir = status, reader, workdir
        self.remaining = wall_seconds  # wall time left; it runs only while the child works
        self.deadline: float | None = None  # set while a request is in flight
        self.memory_bytes = memory_bytes
        self.killed_for: str | None = None
        self.peak_rss = 0
        self.seq = 0
        self.trusted: set[int] = {supervisor}
        self.seen: set[int] = set()  # every pid of the tree ever observed, for the final sweep
        self._stop = threading.Event()
        self._watchdog = threading.Thread(target=self._watch, daemon=True)

    def start(self) -> dict[str, Any]:
        """Wait for the supervisor's layer report, then start watching."""
        if not self.status.ready.wait(READY_TIMEOUT_S) or self.status.report is None:
            error = self.status.error or "no report from the sandbox supervisor"
            self._kill_all()
            self._reap()
            for fd in (self.to_child, self.from_child):
                os.close(fd)
            self.reader.join(timeout=2)
            shutil.rmtree(self.workdir, ignore_errors=True)
            log.error("sandbox %d could not start: %s\n%s", self.supervisor, error, self.reader.text())
            raise JudgeError(f"the sandbox could not start: {error}")
        report = self.status.report
        if report["namespaces"].get("pid"):  # the namespace's init is the judge's, not the user's
            table = _proc_table()
            self.trusted.update(p for p, (ppid, _, _) in table.items() if ppid == self.supervisor)
        self._watchdog.start()
        return report

    def _user_pids(self) -> tuple[list[int], int]:
        table = _proc_table()
        pids = [p for p in _tree(self.supervisor, table) if p not in self.trusted]
        self.seen.update(pids)
        return pids, sum(table[p][2] for p in pids)

    def _watch(self) -> None:
        while not self._stop.wait(WATCH_INTERVAL_S):
            if self.status.ended.is_set():
                return
            pids, tasks = self._user_pids()
            if tasks > MAX_TASKS:
                self.kill("tasks")
                return
            used = _memory(pids, self.memory_bytes)
            self.peak_rss = max(self.peak_rss, used)
            if used > self.memory_bytes:
                self.kill("memory")
                return
            deadline = self.deadline
            if deadline is not None and time.monotonic() > deadline:
                self.kill("wall")
                return

    def kill(self, reason: str) -> None:
        """Kill the user's whole tree for a limit it broke; the supervisor reports."""
        if self.killed_for is None:
            self.killed_for = reason
            log.info("sandbox %d killed: %s", self.supervisor, reason)
        self._kill_all()

    def _kill_all(self) -> None:
        for _ in range(3):
            pids, _ = self._user_pids()
            for pid in sorted(set(pids) | (self.trusted - {self.supervisor})):
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.kill(pid, signal.SIGKILL)
            if not pids:
                break

    def _pending(self) -> None:
        """Between requests nothing may wait in the result channel: bytes there were
        written by the user's code, not by the harness answering a request."""
        if select.select([self.from_child], [], [], 0)[0]:
            if os.read(self.from_child, 1):
                raise protocol.ChannelCorrupt("bytes in the result channel that answer no request")
            raise protocol.ChannelClosed()

    def request(self, message: dict[str, Any]) -> dict[str, Any]:
        """Send one request; raises protocol errors when the child dies, stalls or forges."""
        self.seq += 1
        started = time.monotonic()
        self.deadline = started + self.remaining
        try:
            self._pending()
            protocol.send(self.to_child, {**message, "seq": self.seq})
            reply = protocol.recv(self.from_child, trusted=False, deadline=self.deadline)
        except protocol.ChannelTimeout:
            self.kill("wall")
            raise
        except OSError as exc:  # broken pipe: the child is gone
            raise protocol.ChannelClosed() from exc
        finally:
            self.deadline = None
            elapsed = time.monotonic() - started
            self.remaining -= elapsed
        if not isinstance(reply, dict) or not isinstance(reply.get("ok"), bool):
            raise protocol.ChannelCorrupt("reply is not a result record")
        if reply.pop("seq", None) != self.seq:
            raise protocol.ChannelCorrupt("reply out of sequence")
        self._check_times(reply, elapsed)
        return reply

    @staticmethod
    def _check_times(reply: dict[str, Any], elapsed_s: float) -> None:
        """Reported durations must fit in the wall time the judge itself measured."""
        limit = elapsed_s * 1e9 + TIME_SLACK_NS
        spent = reply.get("time_ns")
        if reply.get("median_ns") is not None:
            spent = float(reply["median_ns"]) * max(1, int(reply.get("reps", 1)))
        if spent is not None and not (0 <= float(spent) <= limit):
            raise protocol.ChannelCorrupt(f"reported time {float(spent) / 1e6:.3f} ms outside the judge's clock")

    def _reap(self) -> None:
        self.status.ended.wait(STATUS_GRACE_S)
        if not self.status.ended.is_set():
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(self.supervisor, signal.SIGKILL)
            self.status.ended.wait(STATUS_GRACE_S)
        for pid in self.seen:  # stragglers that left the tree before the supervisor swept it
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
        if self.cold is not None:
            self.cold.wait()

    def close(self) -> ChildExit:
        """Ask the child to exit, then make sure nothing of it is left."""
        forged = False
        if not self.status.ended.is_set() and self.killed_for is None:
            try:
                self._pending()
            except protocol.ChannelCorrupt:
                forged = True
            except (protocol.ChannelClosed, OSError):
                pass
            with contextlib.suppress(OSError):
                protocol.send(self.to_child, {"op": "exit"})
            if not self.status.ended.wait(max(0.5, min(5.0, self.remaining))):
                self.kill("wall")
        self._kill_all()
        self._reap()
        self._stop.set()
        with contextlib.suppress(OSError):
            forged = forged or bool(select.select([self.from_child], [], [], 0)[0] and os.read(self.from_child, 1))
        if forged and self.killed_for is None:
            self.killed_for = "channel"
        for fd in (self.to_child, self.from_child):
            with contextlib.suppress(OSError):
                os.close(fd)
        self.reader.join(timeout=2)
        shutil.rmtree(self.workdir, ignore_errors=True)
        code = self.status.returncode
        if code is None:
            code = -signal.SIGKILL
            if self.status.error:
                log.error("sandbox supervisor %d failed: %s", self.supervisor, self.status.error)
        return ChildExit(code, self.killed_for, self.reader.text(), self.peak_rss)


def _config(plan: Plan, settings: Any, workdir: Path, memory_bytes: int, user: str) -> dict[str, Any]:
    keep = sorted({sys.prefix, sys.base_prefix, *(p for p in sys.path if "-packages" in p)})
    return {
        "cpu_seconds": plan.cpu_seconds, "file_bytes": plan.file_bytes, "open_files": plan.open_files,
        "env": plan.env, "user": user, "workdir": str(workdir),
        "hide": hidden_paths(settings, PROJECT_ROOT), "keep": keep, "tmp_bytes": TMP_BYTES,
        "namespaces": settings.sandbox_namespaces, "memory_bytes": memory_bytes,
    }


def _cold(cfg: dict[str, Any], fds: dict[str, int]) -> tuple[int, subprocess.Popen[bytes]]:
    """A fresh interpreter that becomes the supervisor (imports torch itself: slow)."""
    payload = json.dumps({"config": cfg, "fds": fds})
    proc = subprocess.Popen(
        [sys.executable, "-I", "-c", "import sys; sys.path.insert(0, sys.argv.pop(2)); "
         "from runner.sandbox.spawn import cold_main; cold_main()", payload, str(PROJECT_ROOT)],
        pass_fds=tuple(fds.values()), stdin=subprocess.DEVNULL, cwd="/", env=cfg["env"], close_fds=True,
        executable=INTERPRETER,
    )
    return proc.pid, proc


def launch(
    *, wall_seconds: float, memory_bytes: int, output_limit: int, env: dict[str, str],
    settings: JudgeSettings | None = None, pool: WarmPool | None = None,
) -> tuple[Child, Plan]:
    """Start a sandboxed child running the harness: a fork of `pool`'s zygote, else a
    cold interpreter; behind the layers the host allows."""
    if settings is None:
        settings = pool.settings if pool is not None else JudgeSettings()
    plan = Plan(cpu_seconds=int(wall_seconds) + 1, env=child_env(env))
    workdir = Path(tempfile.mkdtemp(prefix="tensordojo-"))
    cfg = _config(plan, settings, workdir, memory_bytes, settings.sandbox_user)
    pipes = {name: os.pipe() for name in ("job", "result", "out", "status")}
    child_ends = {"job": pipes["job"][0], "result": pipes["result"][1], "out": pipes["out"][1],
                  "status": pipes["status"][1]}
    supervisor, cold, how = 0, None, ""
    try:
        if pool is not None and settings.sandbox_warm_pool:
            try:
                supervisor = pool.spawn(cfg, child_ends)
                how = "warm pool: a fresh fork of the zygote for this submission"
            except OSError as exc:
                how = f"cold start (warm pool unavailable: {exc})"
                log.warning("sandbox: %s", how)
        else:
            how = "cold start (no warm pool " + ("given)" if pool is None else "configured)")
        if not supervisor:
            supervisor, cold = _cold(cfg, child_ends)
    except BaseException:
        for name, (r, w) in pipes.items():
            os.close(w if name == "job" else r)
        shutil.rmtree(workdir, ignore_errors=True)
        raise
    finally:
        for fd in child_ends.values():
            os.close(fd)
    status = _Status(pipes["status"][0])
    status.start()
    reader = _OutputReader(pipes["out"][0], output_limit)
    reader.start()
    child = Child(supervisor, cold, pipes["job"][1], pipes["result"][0], status, reader, workdir,
                  wall_seconds, memory_bytes)
    report = child.start()
    if report["namespaces"].get("mount"):  # the child works in its own /tmp: drop the unused host dir now
        with contextlib.suppress(OSError):
            workdir.rmdir()
    plan.applied = [how, *report["applied"], "wall-clock limit kills the whole process tree",
                    f"stdout/stderr captured and cut at {output_limit // 1024} KiB",
                    "result channel checked: sequence numbers, tamper checks, times bounded by the judge's clock"]
    plan.degraded = [*report["degraded"], MEMORY_WATCHDOG]
    if cold is not None and pool is None:
        plan.degraded.append("no warm pool: this submission paid a cold interpreter start")
    for line in plan.degraded:
        log.info("sandbox %d degraded: %s", supervisor, line)
    return child, plan
