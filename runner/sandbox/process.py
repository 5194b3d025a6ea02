"""Starting a sandboxed child and talking to it under a wall-clock deadline."""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from runner import protocol
from runner.sandbox.layers import Plan, apply_rlimits, child_env, sandbox_report

log = logging.getLogger(__name__)
PROJECT_ROOT = Path(__file__).resolve().parents[2]  # holds the runner package
WATCH_INTERVAL_S = 0.05


@dataclass
class ChildExit:
    """How the child ended, for the verdict."""

    returncode: int | None  # exit status, or -signal
    reason: str | None  # "wall", "memory" when the judge killed it; None otherwise
    output: str  # stdout and stderr, cut at the output limit
    peak_rss_bytes: int  # largest RSS the watchdog saw


def _session_pids(sid: int) -> list[int]:
    """Every process in the child's session (its descendants, unless they left it)."""
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == sid:  # field 6 of stat: session id
            pids.append(int(entry))
    return pids


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return 0


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
            if len(chunk) and self.size >= self.limit:
                self.truncated = True
        os.close(self.fd)

    def text(self) -> str:
        text = b"".join(self.chunks).decode("utf-8", errors="replace")
        return text + ("\n[output cut at 64 KiB]" if self.truncated else "")


class Child:
    """A running sandboxed child: request/reply under the submission's deadline."""

    def __init__(
        self, proc: subprocess.Popen[bytes], to_child: int, from_child: int, reader: _OutputReader,
        workdir: Path, wall_seconds: float, memory_bytes: int,
    ) -> None:
        self.proc, self.to_child, self.from_child = proc, to_child, from_child
        self.reader, self.workdir = reader, workdir
        self.remaining = wall_seconds  # wall time left; it runs only while the child works
        self.deadline: float | None = None  # set while a request is in flight
        self.memory_bytes = memory_bytes
        self.killed_for: str | None = None
        self.peak_rss = 0
        self._stop = threading.Event()
        self._watchdog = threading.Thread(target=self._watch, daemon=True)
        self._watchdog.start()

    def _watch(self) -> None:
        while not self._stop.wait(WATCH_INTERVAL_S):
            if self.proc.poll() is not None:
                return
            rss = sum(_rss(pid) for pid in _session_pids(self.proc.pid))
            self.peak_rss = max(self.peak_rss, rss)
            if rss > self.memory_bytes:
                self.kill("memory")
                return
            deadline = self.deadline
            if deadline is not None and time.monotonic() > deadline:
                self.kill("wall")
                return

    def kill(self, reason: str) -> None:
        """Kill the whole session for a limit the child broke."""
        if self.killed_for is None:
            self.killed_for = reason
        self._kill_all()

    def _kill_all(self) -> None:
        for pid in [self.proc.pid, *_session_pids(self.proc.pid)]:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)

    def request(self, message: dict[str, Any]) -> dict[str, Any]:
        """Send one request; raises protocol errors when the child dies or stalls."""
        started = time.monotonic()
        self.deadline = started + self.remaining
        try:
            protocol.send(self.to_child, message)
            reply = protocol.recv(self.from_child, trusted=False, deadline=self.deadline)
        except protocol.ChannelTimeout:
            self.kill("wall")
            raise
        except OSError as exc:  # broken pipe: the child is gone
            raise protocol.ChannelClosed() from exc
        finally:
            self.deadline = None
            self.remaining -= time.monotonic() - started
        if not isinstance(reply, dict) or not isinstance(reply.get("ok"), bool):
            raise protocol.ChannelCorrupt("reply is not a result record")
        return reply

    def close(self) -> ChildExit:
        """Ask the child to exit, then make sure nothing of it is left."""
        if self.proc.poll() is None and self.killed_for is None:
            with contextlib.suppress(OSError):
                protocol.send(self.to_child, {"op": "exit"})
            try:
                self.proc.wait(timeout=max(0.5, min(5.0, self.remaining)))
            except subprocess.TimeoutExpired:
                self.kill("wall")
        self._kill_all()  # whatever is left of its session, detached children included
        self.proc.wait()
        self._stop.set()
        for fd in (self.to_child, self.from_child):
            with contextlib.suppress(OSError):
                os.close(fd)
        self.reader.join(timeout=2)
        shutil.rmtree(self.workdir, ignore_errors=True)
        return ChildExit(self.proc.returncode, self.killed_for, self.reader.text(), self.peak_rss)


def launch(
    *, wall_seconds: float, memory_bytes: int, output_limit: int, env: dict[str, str],
) -> tuple[Child, Plan]:
    """Start a child running the harness, behind the layers this host allows."""
    plan = Plan(cpu_seconds=int(wall_seconds) + 1, env=child_env(env))
    report = sandbox_report()
    plan.applied, plan.degraded = report["layers"], report["degraded"]
    plan.env["PYTHONPATH"] = str(PROJECT_ROOT)
    workdir = Path(tempfile.mkdtemp(prefix="tensordojo-"))
    job_r, job_w = os.pipe()
    res_r, res_w = os.pipe()
    out_r, out_w = os.pipe()
    try:
        proc = subprocess.Popen(
            [sys.executable, "-I", "-c", "import sys; sys.path.insert(0, sys.argv[3]); "
             "from runner.harness import main; sys.argv = sys.argv[:3]; main()",
             str(job_r), str(res_w), str(PROJECT_ROOT)],
            pass_fds=(job_r, res_w),
            stdin=subprocess.DEVNULL, stdout=out_w, stderr=out_w,
            cwd=workdir, env=plan.env, close_fds=True,
            preexec_fn=lambda: apply_rlimits(plan),  # noqa: PLW0108
        )
    finally:
        for fd in (job_r, res_w, out_w):
            os.close(fd)
    reader = _OutputReader(out_r, output_limit)
    reader.start()
    child = Child(proc, job_w, res_r, reader, workdir, wall_seconds, memory_bytes)
    return child, plan
