"""The warm pool: one zygote kept alive (restarted when it dies) that forks a fresh
supervisor for every submission."""

from __future__ import annotations

import json
import logging
import os
import select
import socket
import subprocess
import threading
import time
from types import TracebackType
from typing import TYPE_CHECKING, Any

from runner.sandbox import procfs
from runner.sandbox.interpreter import FD_NAMES, INTERPRETER, interpreter_command
from runner.sandbox.layers import MEMORY_WATCHDOG
from runner.sandbox.spec import child_env

if TYPE_CHECKING:
    from runner.config import JudgeSettings

log = logging.getLogger(__name__)
START_TIMEOUT_S = 120.0
REPLY_TIMEOUT_S = 10.0


class WarmPool:
    """A zygote process that imported torch once; `spawn` forks it per submission.

    Thread-safe. Closing it (or the judge exiting) ends the zygote; submissions in
    flight keep running and are cleaned up by their own supervisors.
    """

    cold_fallback = True  # where the zygote cannot be reached, a cold interpreter serves
    how = "warm pool: a fresh fork of the zygote for this submission"

    def __init__(self, settings: JudgeSettings, *, tag: str | None = None) -> None:
        self.settings = settings
        # In the zygote's command line, so every process forked from it carries it too.
        self.tag = tag or f"tensordojo-pool-{os.getpid()}-{id(self):x}"
        self._lock = threading.Lock()
        self._proc: subprocess.Popen[bytes] | None = None
        self._sock: socket.socket | None = None
        self.starts = 0  # zygotes started so far (restarts = starts - 1)
        self.loaded: list[str] = []
        self.notes = [MEMORY_WATCHDOG]

    def _start(self) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        env = child_env({})
        env.pop("TRITON_INTERPRET", None)
        try:
            proc = subprocess.Popen(
                interpreter_command("runner.sandbox.zygote:main", str(theirs.fileno()), self.tag),
                pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                cwd="/", env=env, close_fds=True, start_new_session=True,  # no terminal signals
                executable=INTERPRETER,
            )
        finally:
            theirs.close()
        started = time.monotonic()
        if not select.select([ours], [], [], START_TIMEOUT_S)[0]:
            proc.kill()
            proc.wait()
            ours.close()
            raise OSError(f"the zygote did not start within {START_TIMEOUT_S:.0f} s")
        data = ours.recv(65536)
        if not data:
            proc.wait()
            ours.close()
            raise OSError(f"the zygote exited during start (status {proc.returncode})")
        self.loaded = json.loads(data).get("loaded", [])
        self._proc, self._sock = proc, ours
        self.starts += 1
        log.info("warm pool: zygote %d ready in %.1f s (preloaded %s)%s", proc.pid, time.monotonic() - started,
                 ", ".join(self.loaded), "" if self.starts == 1 else f"; restart #{self.starts - 1}")

    def _drop(self, why: str) -> None:
        log.warning("warm pool: zygote lost (%s); the next submission restarts it", why)
        if self._sock is not None:
            self._sock.close()
        if self._proc is not None:
            self._proc.kill()
            self._proc.wait()
        self._proc = self._sock = None

    def start(self) -> WarmPool:
        """Start the zygote now rather than on the first submission."""
        with self._lock:
            if self._proc is None or self._proc.poll() is not None:
                self._start()
        return self

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None and self._proc.poll() is None else None

    def spawn(self, config: dict[str, Any], fds: dict[str, int]) -> int:
        """Fork a supervisor for one submission; returns its pid. OSError when the zygote
        cannot be reached even after one restart (the caller then starts cold)."""
        with self._lock:
            for attempt in range(2):
                if self._proc is None or self._proc.poll() is not None:
                    if self._proc is not None:
                        self._drop(f"exit status {self._proc.returncode}")
                    self._start()
                assert self._sock is not None
                try:
                    names = list(fds)
                    request = json.dumps({"op": "spawn", "config": config, "names": names}).encode()
                    socket.send_fds(self._sock, [request], [fds[n] for n in FD_NAMES])
                    if not select.select([self._sock], [], [], REPLY_TIMEOUT_S)[0]:
                        raise OSError("no reply from the zygote")
                    reply = json.loads(self._sock.recv(65536) or b"{}")
                    if "pid" not in reply:
                        raise OSError(reply.get("error", "the zygote closed its socket"))
                    return int(reply["pid"])
                except (OSError, ValueError) as exc:
                    self._drop(str(exc))
                    if attempt:
                        raise OSError(str(exc)) from exc
            raise OSError("unreachable")

    def healthy(self) -> bool:
        """Nothing outside this process to lose (the container backend's engine)."""
        return True

    def stray_processes(self) -> list[int]:
        """Forks of the zygote still alive (none, once their submissions ended)."""
        return [pid for pid in procfs.tagged(self.tag) if pid != self.pid]

    def close(self) -> None:
        with self._lock:
            if self._sock is not None:
                self._sock.close()
            if self._proc is not None:
                try:
                    self._proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    self._proc.kill()
                    self._proc.wait()
            self._proc = self._sock = None

    def __enter__(self) -> WarmPool:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

