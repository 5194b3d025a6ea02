"""The judge's handle on a running sandbox: typed requests under the submission's wall
clock, a watchdog on its memory and tasks, freezing it while the reference is timed,
reading what its threads do in the background, and killing all of it at the end.
"""

from __future__ import annotations

import contextlib
import logging
import os
import select
import shutil
import signal
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from runner import protocol, wire
from runner.errors import JudgeError
from runner.sandbox import procfs
from runner.sandbox.streams import OutputReader, StatusReader

log = logging.getLogger(__name__)
WATCH_INTERVAL_S = 0.05
MAX_TASKS = 256  # backstop where RLIMIT_NPROC is not enforced (user code left as root)
READY_TIMEOUT_S = 180.0  # a cold start under heavy load can take this long
STATUS_GRACE_S = 5.0


@dataclass
class ChildExit:
    """How the child ended, for the verdict."""

    returncode: int | None  # exit status, or -signal
    reason: str | None  # "wall", "memory", "tasks", "channel" when the judge ended it, "oom"; None otherwise
    output: str  # stdout and stderr, cut at the output limit
    peak_rss_bytes: int  # largest memory the watchdog saw (RSS, or PSS near the limit)


@dataclass
class Pipes:
    """The judge's ends of a child's channels."""

    job: int  # requests (a unix socket: file descriptors travel on it too)
    result: int  # replies
    status: StatusReader
    output: OutputReader


@dataclass
class Threads:
    """The user's threads (all of its processes) as read from /proc at one moment."""

    main: int  # the harness's main thread (tid == the user process's pid)
    cpu_ns: dict[int, int] = field(default_factory=dict)  # tid -> CPU time so far
    running: list[int] = field(default_factory=list)  # tids in state R, the main thread excepted
    process_ns: dict[int, int] = field(default_factory=dict)  # pid -> CPU of the whole process, ended threads too

    def _processes_since(self, before: Threads) -> int | None:
        """CPU of the user's processes since `before` (a process new since then: all of
        it); None where the process clocks could not be read."""
        if not self.process_ns or not before.process_ns:
            return None
        return sum(cpu - before.process_ns.get(pid, 0) for pid, cpu in self.process_ns.items())

    def busiest_since(self, before: Threads) -> int:
        """The most CPU any one thread used since `before`, in ns."""
        return max((cpu - before.cpu_ns.get(tid, 0) for tid, cpu in self.cpu_ns.items()), default=0)

    def cpu_since(self, before: Threads) -> int:
        """CPU the user's code used since `before`, in ns: on the one core the pairs share
        no more than the wall time went by. Threads that ended meanwhile count (a call
        that leaves a thread to finish its work after it returned), which the per-thread
        figures, read from live threads, miss."""
        return max(self.busiest_since(before), self._processes_since(before) or 0)

    def background_since(self, before: Threads) -> int:
        """CPU used since `before` by every thread but the harness's main thread (ended
        ones included where the process clocks say), in ns."""
        main = self.cpu_ns.get(self.main, 0) - before.cpu_ns.get(self.main, 0)
        live = sum(cpu - before.cpu_ns.get(tid, 0) for tid, cpu in self.cpu_ns.items() if tid != self.main)
        processes = self._processes_since(before)
        return live if processes is None else max(live, processes - main)


class Child:
    """A running sandboxed child: request/reply under the submission's deadline."""

    def __init__(self, supervisor: int, cold: subprocess.Popen[bytes] | None, pipes: Pipes, workdir: Path,
                 wall_seconds: float, memory_bytes: int) -> None:
        self.supervisor, self.cold, self.pipes, self.workdir = supervisor, cold, pipes, workdir
        self.remaining = wall_seconds  # wall time left; it runs only while the child works
        self.deadline: float | None = None  # set while a request is in flight
        self.memory_bytes = memory_bytes
        self.baseline_rss = self.baseline_pss = 0  # what the child held before any user code
        self.killed_for: str | None = None
        self.peak_rss = 0
        self.seq = 0
        self.trusted: set[int] = {supervisor}
        self.harness = 0  # the user process: the harness runs in its main thread
        self.root = supervisor  # where the user's tree hangs (the PID namespace's init, if any)
        self.seen: set[int] = set()  # every pid of the tree ever observed, for the final sweep
        self.notes: list[str] = []  # layers found missing while running (reported as degraded)
        self.can_freeze = True
        self._stop = threading.Event()
        self._watchdog = threading.Thread(target=self._watch, daemon=True)

    # -- life cycle ---------------------------------------------------------------
    def start(self) -> dict[str, Any]:
        """Wait for the supervisor's layer report, then start watching."""
        status = self.pipes.status
        if not status.ready.wait(READY_TIMEOUT_S) or status.report is None:
            error = status.error or "no report from the sandbox supervisor"
            self.close()
            log.error("sandbox %d could not start: %s\n%s", self.supervisor, error, self.pipes.output.text())
            raise JudgeError(f"the sandbox could not start: {error}")
        report = status.report
        # Named from the supervisor's PID namespace (a container's): as this process names them.
        first, *helpers = procfs.as_seen_here(self.supervisor, [int(report["first"]), *report["helpers"]])
        self.trusted.update(helpers)
        if report["namespaces"].get("pid"):  # the namespace's init is the judge's, not the user's
            self.trusted.add(first)
            self.root = first
            first = next(iter(procfs.descendants(first).keys() - {first}), 0)
        self.harness = first
        self._watchdog.start()
        return report

    def user_pids(self) -> dict[int, int]:
        """The user's processes (pid -> threads), the harness's among them."""
        found = {p: n for p, n in procfs.descendants(self.root).items() if p not in self.trusted}
        self.seen.update(found)
        return found

    def _watch(self) -> None:
        while not self._stop.wait(WATCH_INTERVAL_S):
            if self.pipes.status.ended.is_set():
                return
            pids = self.user_pids()
            if sum(pids.values()) > MAX_TASKS:
                self.kill("tasks")
                return
            used = self._memory(list(pids))
            self.peak_rss = max(self.peak_rss, used)
            if used > self.memory_bytes:
                self.kill("memory")
                return
            deadline = self.deadline
            if deadline is not None and time.monotonic() > deadline:
                self.kill("wall")
                return

    def set_baseline(self) -> None:
        """Count what the child holds now (before any user code: its interpreter, a CUDA
        context) as the sandbox's, not the submission's; in both measures."""
        pids = list(self.user_pids())
        self.baseline_rss = sum(procfs.rss(pid) for pid in pids)
        shares = [procfs.pss(pid) for pid in pids]
        self.baseline_pss = sum(s for s in shares if s is not None)

    def _memory(self, pids: list[int]) -> int:
        """Memory beyond the baseline: RSS while under the limit (an upper bound), PSS once
        RSS alone would exceed it (pages shared with the zygote then count in part)."""
        rss = sum(procfs.rss(pid) for pid in pids) - self.baseline_rss
        if rss <= self.memory_bytes:
            return max(0, rss)
        shares = [procfs.pss(pid) for pid in pids]
        if any(s is None for s in shares):
            note = "memory: PSS unreadable (no ptrace access to the sandbox): RSS counts shared pages in full"
            if note not in self.notes:
                self.notes.append(note)
            return rss
        return max(0, sum(s for s in shares if s is not None) - self.baseline_pss)

    # -- requests -------------------------------------------------------------------
    def _pending(self) -> None:
        """Between requests nothing may wait in the result channel: bytes there were
        written by the user's code, not by the harness answering a request."""
        if select.select([self.pipes.result], [], [], 0)[0]:
            if os.read(self.pipes.result, 1):
                raise wire.ChannelCorrupt("bytes in the result channel that answer no request")
            raise wire.ChannelClosed()

    def request(self, message: protocol.Request, fd: int | None = None) -> tuple[protocol.Reply, int, int]:
        """Send one request (and a file descriptor after it). Returns the reply, the judge's
        own measure of how long the child took (ns, from sending to the whole reply), and
        how long encoding the request took (ns: decoding it costs the child about as much).
        Raises wire errors when the child dies, stalls or forges."""
        self.seq += 1
        encoding = time.perf_counter_ns()
        frame = wire.encode(protocol.to_wire(message, self.seq))
        encode_ns = time.perf_counter_ns() - encoding
        started = time.monotonic()
        self.deadline = started + self.remaining
        try:
            self._pending()
            begin = time.perf_counter_ns()
            wire.send_bytes(self.pipes.job, frame)
            if fd is not None:
                wire.send_fd(self.pipes.job, fd)
            data = wire.recv(self.pipes.result, trusted=False, deadline=self.deadline)
            elapsed_ns = time.perf_counter_ns() - begin
        except wire.ChannelTimeout:
            self.kill("wall")
            raise
        except OSError as exc:  # broken pipe: the child is gone
            raise wire.ChannelClosed() from exc
        finally:
            self.deadline = None
            self.remaining -= time.monotonic() - started
        reply, seq = protocol.decode_reply(data)
        if seq != self.seq:
            raise wire.ChannelCorrupt("reply out of sequence")
        return reply, elapsed_ns, encode_ns

    # -- what the user's code does between requests -----------------------------------
    def threads(self) -> Threads:
        """CPU time and state of every user thread, read from outside the sandbox."""
        found = Threads(self.harness)
        pids = list(self.user_pids())
        for pid in pids:
            if (cpu := procfs.process_cpu_ns(pid)) is not None:
                found.process_ns[pid] = cpu
        for task in procfs.tasks(pids):
            found.cpu_ns[task.tid] = task.cpu_ns
            if task.state == "R" and task.tid != self.harness:
                found.running.append(task.tid)
        return found

    def _signal_user(self, sig: signal.Signals) -> bool:
        ok = True
        for pid in self.user_pids():
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass
            except PermissionError:
                ok = False
        return ok

    def freeze(self) -> bool:
        """Stop every user process (so nothing of it runs while the reference is timed)."""
        if self.can_freeze and not self._signal_user(signal.SIGSTOP):
            self.can_freeze = False
            self._signal_user(signal.SIGCONT)
            self.notes.append("the submission keeps running while the reference is timed (no permission to "
                              "stop it): its background CPU use is measured instead")
        return self.can_freeze

    def thaw(self) -> None:
        if self.can_freeze:
            self._signal_user(signal.SIGCONT)

    # -- the end --------------------------------------------------------------------
    def kill(self, reason: str) -> None:
        """Kill the user's whole tree for a limit it broke; the supervisor reports."""
        if self.killed_for is None:
            self.killed_for = reason
            log.info("sandbox %d killed: %s", self.supervisor, reason)
        self._kill_all()

    def _kill_all(self) -> None:
        escalated = False
        for _ in range(3):
            table = procfs.proc_table()
            pids = [p for p in procfs.tree(self.supervisor, table) if p not in self.trusted]
            self.seen.update(pids)
            denied = False
            for pid in sorted(set(pids) | (self.trusted - {self.supervisor})):
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                except PermissionError:
                    denied = True
            if denied and not escalated:
                self._kill_through_parents()
                escalated = True
            if not pids:
                break

    def _kill_through_parents(self) -> None:
        """Where the judge may not signal the sandbox's uid (no CAP_KILL): kill what it
        may, the namespace's init (taking the whole PID namespace with it) or else the
        supervisor (whose child dies with it: its parent-death signal)."""
        note = ("kills: no permission to signal the submission's processes (no CAP_KILL); they are killed "
                "through their parent, and without a PID namespace a process they start may outlive them")
        if note not in self.notes:
            self.notes.append(note)
        for pid in sorted(self.trusted - {self.supervisor}) or [self.supervisor]:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)

    def _reap(self) -> None:
        status = self.pipes.status
        status.ended.wait(STATUS_GRACE_S)
        if not status.ended.is_set():
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(self.supervisor, signal.SIGKILL)
            status.ended.wait(STATUS_GRACE_S)
        for pid in self.seen:  # stragglers that left the tree before the supervisor swept it
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
        if self.cold is not None:
            self.cold.wait()

    def close(self) -> ChildExit:
        """Ask the child to exit, then make sure nothing of it is left. Safe to call twice."""
        if self._stop.is_set():
            return self._exit
        forged = False
        status = self.pipes.status
        if not status.ended.is_set() and self.killed_for is None and status.report is not None:
            self.thaw()
            try:
                self._pending()
            except wire.ChannelCorrupt:
                forged = True
            except (wire.ChannelClosed, OSError):
                pass
            with contextlib.suppress(OSError):
                wire.send(self.pipes.job, protocol.to_wire(protocol.Exit(), self.seq + 1))
            if not status.ended.wait(max(0.5, min(5.0, self.remaining))):
                self.kill("wall")
        self._kill_all()
        self._reap()
        self._stop.set()
        with contextlib.suppress(OSError):
            ready = select.select([self.pipes.result], [], [], 0)[0]
            forged = forged or bool(ready and os.read(self.pipes.result, 1))
        if forged and self.killed_for is None:
            self.killed_for = "channel"
        if status.oom_kills and self.killed_for is None:  # the kernel, at the container's memory cap
            self.killed_for = "oom"
        for fd in (self.pipes.job, self.pipes.result):
            with contextlib.suppress(OSError):
                os.close(fd)
        self.pipes.output.join(timeout=2)
        shutil.rmtree(self.workdir, ignore_errors=True)
        code = status.returncode
        if code is None:
            code = -signal.SIGKILL
            if status.error:
                log.error("sandbox supervisor %d failed: %s", self.supervisor, status.error)
        self._exit = ChildExit(code, self.killed_for, self.pipes.output.text(), self.peak_rss)
        return self._exit
