"""The container backend's warm pool: sandbox containers started ahead (each one's
zygote already past its torch import, waiting on a socket), one submission each.

`spawn` has the contract of the process backend's `WarmPool.spawn`: the submission's
descriptors go to a waiting container's zygote over a unix socket (SCM_RIGHTS, across
containers as within one kernel), which forks the supervisor; its pid comes back as
this process sees it (SCM_CREDENTIALS), so launching, timing, freezing and killing the
child work unchanged. The container is then spent: it ends (and the engine removes it)
with its submission, while a replacement starts in the background.
"""

from __future__ import annotations

import itertools
import json
import logging
import os
import secrets
import select
import shutil
import socket
import struct
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from runner.sandbox import container_config as cc
from runner.sandbox import procfs
from runner.sandbox.container_zygote import code_fingerprint
from runner.sandbox.engine import Engine, EngineError
from runner.sandbox.interpreter import FD_NAMES

if TYPE_CHECKING:
    from runner.config import JudgeSettings

log = logging.getLogger(__name__)
START_TIMEOUT_S = 180.0  # engine start plus a torch import, on a loaded host
REPLY_TIMEOUT_S = 10.0
REFILL_DEFER_S = 30.0  # a spent container's replacement waits at most this long for its submission to end
RETRY_AFTER_S = 5.0  # after a failed start, spawns fail at once for this long (no start storm)
_UCRED = struct.Struct("3i")


@dataclass
class Warm:
    """A started container whose zygote waits for its submission."""

    name: str
    ident: str
    sock: socket.socket
    pid: int  # its zygote, as this process sees it


def _recv(sock: socket.socket, timeout: float) -> tuple[dict[str, Any], int]:
    """One message and the sender's pid (0 where it is not visible from here)."""
    if not select.select([sock], [], [], timeout)[0]:
        raise OSError(f"no answer from the sandbox container within {timeout:.0f} s")
    data, ancillary, _, _ = sock.recvmsg(65536, socket.CMSG_SPACE(_UCRED.size))
    if not data:
        raise OSError("the sandbox container closed its socket")
    pid = next((_UCRED.unpack(d[:_UCRED.size])[0] for level, kind, d in ancillary
                if level == socket.SOL_SOCKET and kind == socket.SCM_CREDENTIALS), 0)
    return json.loads(data), pid


class ContainerPool:
    """Warm sandbox containers; `spawn` hands a submission to one of them. Thread-safe."""

    cold_fallback = False  # never judge outside a container when the engine fails
    how = "container: a fresh container for this submission (its zygote imported torch beforehand)"

    def __init__(self, settings: JudgeSettings, *, tag: str | None = None, size: int | None = None,
                 refill: bool = True, engine: Engine | None = None) -> None:
        self.settings = settings
        self.tag = tag or f"tensordojo-pool-{os.getpid()}-{id(self):x}"
        self.runner = f"{socket.gethostname()}-{os.getpid()}-{secrets.token_hex(3)}"
        self.size = size or settings.container_pool_size
        self.refill = refill
        self.engine = engine
        self.notes = [cc.CONTAINER_MEMORY]
        self.loaded: list[str] = []
        self.starts = 0  # containers that became ready
        self.failure: str | None = None  # why the last start failed
        self._cond = threading.Condition()
        self._ready: list[Warm] = []
        self._starting = 0
        self._unspent: set[str] = set()  # names of containers starting or waiting
        self._starting_ids: dict[str, str] = {}  # name -> id of containers not yet ready
        self._retry_at = 0.0
        self._serial = itertools.count(1)
        self._closed = False
        self._kwargs: dict[str, Any] | None = None
        self._lines: list[str] = []

    # -- set-up ---------------------------------------------------------------------
    def _prepare(self) -> None:
        """Once: the engine, the image, the pid mode; stale containers removed."""
        if self.engine is None:
            self.engine = Engine(self.settings.container_engine)
        facts = self.engine.image(self.settings.container_image)
        self.engine.sweep()
        pids = cc.pid_mode(self.settings.container_pid_mode)
        self._kwargs = {"runner": self.runner, "facts": facts, "pids": pids,
                        "gpus": cc.gpu_requests(self.settings.container_gpus)}
        self._lines = cc.layer_lines(self.settings, pids)
        link = Path(self.settings.container_link_dir)
        link.mkdir(mode=0o711, parents=True, exist_ok=True)

    def start(self) -> ContainerPool:
        """Start the containers and wait for the first to be ready; OSError (with the
        reason) when none can be: no engine, no image, code that differs, pids unseen."""
        with self._cond:
            if self._kwargs is None:
                self._prepare()
            self._fill()
            deadline = time.monotonic() + START_TIMEOUT_S
            while not self._ready:
                if self._starting == 0 and self.failure:
                    raise OSError(self.failure)
                if time.monotonic() > deadline:
                    raise OSError(f"no sandbox container was ready within {START_TIMEOUT_S:.0f} s")
                self._cond.wait(0.5)
        return self

    def _fill(self) -> None:
        """Start containers in the background up to the pool's size (lock held)."""
        while not self._closed and len(self._ready) + self._starting < self.size:
            self._starting += 1
            name = f"tensordojo-sandbox-{self.runner}-{next(self._serial)}"
            self._unspent.add(name)
            threading.Thread(target=self._start_one, args=(name,), daemon=True, name=name).start()

    def _start_one(self, name: str) -> None:
        folder = Path(self.settings.container_link_dir) / name
        warm: Warm | None = None
        ident = ""
        try:
            folder.mkdir(mode=0o700)
            with socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET) as listener:
                listener.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)  # pids as this process sees them
                listener.bind(str(folder / cc.SOCKET_NAME))
                listener.listen(1)
                assert self.engine is not None and self._kwargs is not None
                kwargs = cc.create_kwargs(self.settings, name=name, link_source=folder, tag=self.tag, **self._kwargs)
                ident = self.engine.run(kwargs)
                with self._cond:
                    self._starting_ids[name] = ident
                warm = self._handshake(listener, name, ident)
                self.engine.weigh(ident, cc.JUDGING_SHARES)
        except Exception as exc:  # noqa: BLE001 - reported to whoever waits for a container
            if ident and self.engine is not None:
                self.engine.remove(ident)
            with self._cond:
                closed = self._closed
                if not closed:  # a start the pool's own closing cut short is no failure
                    self.failure = f"sandbox container {name} did not start: {exc}"
                    self._retry_at = time.monotonic() + RETRY_AFTER_S
            if not closed:
                log.error("sandbox container %s did not start: %s", name, exc)
        finally:
            shutil.rmtree(folder, ignore_errors=True)  # connected already: the socket file is not needed
        with self._cond:
            self._starting -= 1
            self._starting_ids.pop(name, None)
            if warm is not None and not self._closed:
                self._ready.append(warm)
                self.starts += 1
                self.failure = None
            else:
                self._unspent.discard(name)
                if warm is not None:
                    warm.sock.close()
            self._cond.notify_all()

    def _handshake(self, listener: socket.socket, name: str, ident: str) -> Warm:
        started = time.monotonic()
        deadline = started + START_TIMEOUT_S
        while not select.select([listener], [], [], 1.0)[0]:
            if self._closed:
                raise OSError("the pool closed")
            assert self.engine is not None
            if time.monotonic() > deadline or not self.engine.running(ident):
                raise OSError("its zygote never connected (the container exited, or hung)")
        sock, _ = listener.accept()
        try:
            ready, pid = _recv(sock, START_TIMEOUT_S)
            if "ready" not in ready:
                raise OSError(ready.get("error", "no ready message"))
            if ready.get("code") != code_fingerprint():
                raise OSError(f"the image {self.settings.container_image} holds other code than this runner "
                              "(rebuild it from this checkout: scripts/docker-build.sh runner)")
            if pid <= 0 or f"{self.tag}/{name}" not in procfs.tagged(self.tag, [pid]).get(pid, ""):
                raise OSError("the judge cannot see the container's processes (it must time, stop and kill them): "
                              "run the runner on the host, or share its PID namespace with the containers "
                              "(TENSORDOJO_CONTAINER_PID_MODE=container:<the runner's container>)")
        except BaseException:
            sock.close()
            raise
        self.loaded = list(ready.get("loaded", []))
        log.info("sandbox container %s ready in %.1f s (zygote %d)", name, time.monotonic() - started, pid)
        return Warm(name, ident, sock, pid)

    # -- judging ----------------------------------------------------------------------
    def _take(self) -> Warm:
        with self._cond:
            if self._kwargs is None:
                self._prepare()
            deadline = time.monotonic() + START_TIMEOUT_S
            while True:
                if self._closed:
                    raise OSError("the sandbox pool is closed")
                if self._ready:
                    warm = self._ready.pop(0)
                    self._unspent.discard(warm.name)
                    if self.refill and self._ready:  # another waits: replace this one once its submission ends
                        threading.Thread(target=self._replace_after, args=(warm.pid,), daemon=True).start()
                    elif self.refill:
                        self._fill()
                    return warm
                if self._starting == 0:
                    if self.failure and time.monotonic() < self._retry_at:
                        raise OSError(self.failure)
                    self._fill()
                if time.monotonic() > deadline:
                    raise OSError(self.failure or f"no sandbox container was ready within {START_TIMEOUT_S:.0f} s")
                self._cond.wait(0.5)

    def _replace_after(self, zygote: int) -> None:
        """Start a spent container's replacement when its zygote ends (its submission
        did), or after REFILL_DEFER_S: a container start and a torch import beside the
        submission would slow the very judging a learner waits for."""
        try:
            pidfd = os.pidfd_open(zygote)
        except OSError:
            pidfd = -1
        if pidfd >= 0:
            try:
                select.select([pidfd], [], [], REFILL_DEFER_S)
            finally:
                os.close(pidfd)
        with self._cond:
            self._fill()

    def spawn(self, config: dict[str, Any], fds: dict[str, int]) -> int:
        """Hand one submission to a waiting container; the supervisor's pid. OSError
        when no container can take it (the caller reports the judge's failure)."""
        for attempt in range(3):
            warm = self._take()
            try:
                local = {**config, "workdir": "/tmp", "hide": [], "keep": [], "proc_keep": [], "triton_warm": None,
                         "namespaces": False, "container": [f"container {warm.name} of {self.settings.container_image}",
                                                            *self._lines]}
                request = json.dumps({"op": "spawn", "config": local, "names": list(fds)}).encode()
                socket.send_fds(warm.sock, [request], [fds[n] for n in FD_NAMES])
                reply, pid = _recv(warm.sock, REPLY_TIMEOUT_S)
                if "pid" not in reply or pid <= 0:
                    raise OSError(reply.get("error", "no supervisor pid"))
                return pid
            except (OSError, ValueError) as exc:
                log.warning("sandbox container %s lost (%s)", warm.name, exc)
                if self.engine is not None:
                    self.engine.remove(warm.ident)
                if attempt == 2:
                    raise OSError(f"sandbox container {warm.name} lost: {exc}") from exc
            finally:
                warm.sock.close()  # spent: it ends with its submission
        raise OSError("unreachable")

    def settle(self, timeout: float = START_TIMEOUT_S) -> bool:
        """Wait until every container of the pool is started and waiting (or a start failed)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while len(self._ready) < self.size and time.monotonic() < deadline and not self._closed:
                if self._starting == 0 and self.failure:
                    return False
                self._cond.wait(0.5)
            return len(self._ready) >= self.size

    def healthy(self) -> bool:
        """Whether the engine answers (asked after a child died without a reason)."""
        return self.engine is not None and self.engine.ping()

    @property
    def pid(self) -> int | None:
        """A waiting zygote, where one is ready."""
        with self._cond:
            return self._ready[0].pid if self._ready else None

    def stray_processes(self) -> list[int]:
        """Processes of this pool's spent containers still alive (none, once their
        submissions ended)."""
        with self._cond:
            live = set(self._unspent)
        return [pid for pid, cmdline in procfs.tagged(self.tag).items()
                if not any(f"{self.tag}/{name}" in cmdline for name in live)]

    def close(self) -> None:
        """Remove the waiting and starting containers; spent ones end with their submissions."""
        with self._cond:
            self._closed = True
            waiting, self._ready = self._ready, []
            starting = list(self._starting_ids.values())
            self._cond.notify_all()
        for warm in waiting:
            warm.sock.close()  # its zygote exits, and the engine removes the container
        if self.engine is not None:
            for ident in [w.ident for w in waiting] + starting:
                self.engine.remove(ident)

    def __enter__(self) -> ContainerPool:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()


__all__ = ["ContainerPool", "EngineError"]
