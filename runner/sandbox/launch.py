"""Starting a sandboxed child: a fresh fork of the warm pool's zygote, else a cold
interpreter; then waiting for its supervisor's report of the layers in force."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from runner.config import JudgeSettings
from runner.sandbox.child import Child, Pipes
from runner.sandbox.interpreter import INTERPRETER, PROJECT_ROOT, interpreter_command
from runner.sandbox.layers import MEMORY_WATCHDOG, TMP_BYTES, Plan, child_env, hidden_paths
from runner.sandbox.pool import WarmPool
from runner.sandbox.streams import OutputReader, StatusReader

log = logging.getLogger(__name__)
def _config(plan: Plan, settings: JudgeSettings, workdir: Path, memory_bytes: int) -> dict[str, Any]:
    keep = sorted({sys.prefix, sys.base_prefix, *(p for p in sys.path if "-packages" in p)})
    return {
        "cpu_seconds": plan.cpu_seconds, "file_bytes": plan.file_bytes, "open_files": plan.open_files,
        "env": plan.env, "user": settings.sandbox_user, "workdir": str(workdir),
        "hide": hidden_paths(settings, PROJECT_ROOT), "keep": keep, "tmp_bytes": TMP_BYTES,
        "namespaces": settings.sandbox_namespaces, "memory_bytes": memory_bytes,
    }


def _cold(cfg: dict[str, Any], fds: dict[str, int]) -> tuple[int, subprocess.Popen[bytes]]:
    """A fresh interpreter that becomes the supervisor (imports torch itself: slow)."""
    payload = json.dumps({"config": cfg, "fds": fds})
    proc = subprocess.Popen(
        interpreter_command("runner.sandbox.spawn:cold_main", payload),
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
    cfg = _config(plan, settings, workdir, memory_bytes)
    job_ours, job_theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    pipes = {"result": os.pipe(), "out": os.pipe(), "status": os.pipe()}
    ours = {"job": job_ours.detach(), **{name: r for name, (r, _) in pipes.items()}}
    theirs = {"job": job_theirs.detach(), **{name: w for name, (_, w) in pipes.items()}}
    supervisor, cold, how = 0, None, ""
    try:
        if pool is not None and settings.sandbox_warm_pool:
            try:
                supervisor = pool.spawn(cfg, theirs)
                how = "warm pool: a fresh fork of the zygote for this submission"
            except OSError as exc:
                how = f"cold start (warm pool unavailable: {exc})"
                log.warning("sandbox: %s", how)
        else:
            how = "cold start (no warm pool " + ("given)" if pool is None else "configured)")
        if not supervisor:
            supervisor, cold = _cold(cfg, theirs)
    except BaseException:
        for fd in ours.values():
            os.close(fd)
        shutil.rmtree(workdir, ignore_errors=True)
        raise
    finally:
        for fd in theirs.values():
            os.close(fd)
    status = StatusReader(ours["status"])
    status.start()
    output = OutputReader(ours["out"], output_limit)
    output.start()
    child = Child(supervisor, cold, Pipes(ours["job"], ours["result"], status, output), workdir,
                  wall_seconds, memory_bytes)
    report = child.start()
    if report["namespaces"].get("mount"):  # the child works in its own /tmp: drop the unused host dir now
        with contextlib.suppress(OSError):
            workdir.rmdir()
    plan.applied = [how, *report["applied"], "wall-clock limit kills the whole process tree",
                    f"stdout/stderr captured and cut at {output_limit // 1024} KiB",
                    "result channel checked: typed replies in sequence, tamper checks",
                    "every decisive time bounded by the judge's own clock, outside the sandbox"]
    plan.degraded = [*report["degraded"], MEMORY_WATCHDOG]
    if cold is not None and pool is None:
        plan.degraded.append("no warm pool: this submission paid a cold interpreter start")
    for line in plan.degraded:
        log.info("sandbox %d degraded: %s", supervisor, line)
    return child, plan
