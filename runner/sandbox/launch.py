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

from runner.config import JudgeSettings
from runner.sandbox import gpu, triton_cache
from runner.sandbox.backend import SandboxPool, SandboxUnavailable
from runner.sandbox.child import Child, Pipes
from runner.sandbox.interpreter import INTERPRETER, PROJECT_ROOT, interpreter_command
from runner.sandbox.layers import MEMORY_WATCHDOG, Plan, hidden_paths
from runner.sandbox.spec import SandboxSpec, child_env, device_groups, pick_uid
from runner.sandbox.streams import OutputReader, StatusReader

log = logging.getLogger(__name__)
NPROC_NOTE = ("tasks: every sandbox runs as the same user, so its task limit also counts the others' "
              "(set TENSORDOJO_SANDBOX_UIDS, with the judge as root, for a uid per sandbox)")


def workdir_root(settings: JudgeSettings) -> Path:
    return Path(settings.sandbox_workdir or tempfile.gettempdir())


def _python_path(settings: JudgeSettings) -> list[str]:
    """PYTHONPATH's folders, where an operator put packages the child imports lazily
    (wheels unpacked under /tmp, say): kept visible unless one would reveal the checkout,
    the bank or the data dir."""
    secret = [str(PROJECT_ROOT), *(str(Path(v).resolve()) for v in (settings.problems_dir, settings.data_dir))]
    found = []
    for entry in os.environ.get("PYTHONPATH", "").split(os.pathsep):
        if not entry or not os.path.isabs(entry) or not os.path.isdir(entry):
            continue
        path = os.path.realpath(entry)
        if not any(s == path or s.startswith(path.rstrip("/") + "/") or path.startswith(s + "/") for s in secret):
            found.append(path)
    return found


def _spec(settings: JudgeSettings, workdir: Path, wall_seconds: float, memory_bytes: int,
          env: dict[str, str]) -> SandboxSpec:
    keep = sorted({sys.prefix, sys.base_prefix, *(p for p in sys.path if "-packages" in p),
                   *_python_path(settings)})
    warm = workdir_root(settings) / triton_cache.WARM_FOLDER
    triton_warm = str(warm) if (warm / ".warm").exists() else None
    if triton_warm is not None:
        keep.append(triton_warm)
    if (pipe := gpu.mps_pipe()) is not None:
        keep.append(pipe)
    uids = settings.uid_range() if os.geteuid() == 0 else None
    names = [n for n in settings.sandbox_env if n in os.environ]
    return SandboxSpec(
        cpu_seconds=int(wall_seconds) + 1, env=child_env({**{n: os.environ[n] for n in names}, **env}),
        workdir=str(workdir), hide=hidden_paths(settings, PROJECT_ROOT, keep), keep=keep,
        memory_bytes=memory_bytes, namespaces=settings.sandbox_namespaces, user=settings.sandbox_user,
        uid=pick_uid(*uids) if uids is not None else None, groups=device_groups(),
        proc_keep=["driver/nvidia"], triton_warm=triton_warm,
    )


def _cold(spec: SandboxSpec, fds: dict[str, int]) -> tuple[int, subprocess.Popen[bytes]]:
    """A fresh interpreter that becomes the supervisor (imports torch itself: slow)."""
    payload = json.dumps({"config": spec.to_json(), "fds": fds})
    proc = subprocess.Popen(
        interpreter_command("runner.sandbox.spawn:cold_main", payload),
        pass_fds=tuple(fds.values()), stdin=subprocess.DEVNULL, cwd="/", env=spec.env, close_fds=True,
        executable=INTERPRETER,
    )
    return proc.pid, proc


def launch(
    *, wall_seconds: float, memory_bytes: int, output_limit: int, env: dict[str, str],
    settings: JudgeSettings | None = None, pool: SandboxPool | None = None,
) -> tuple[Child, Plan]:
    """Start a sandboxed child running the harness: a fork of `pool`'s zygote (in this
    runner, or in a container of its own), else a cold interpreter; behind the layers
    the host allows. SandboxUnavailable where the container backend cannot start one."""
    if settings is None:
        settings = pool.settings if pool is not None else JudgeSettings()
    if pool is None and settings.sandbox == "container":  # one container, for this child alone
        from runner.sandbox.container_pool import ContainerPool

        once = ContainerPool(settings, size=1, refill=False)
        try:
            once.start()
            return launch(wall_seconds=wall_seconds, memory_bytes=memory_bytes, output_limit=output_limit,
                          env=env, settings=settings, pool=once)
        except OSError as exc:
            raise SandboxUnavailable(f"no sandbox container could be started: {exc}") from exc
        finally:
            once.close()
    plan = Plan()
    root = workdir_root(settings)
    workdir = Path(tempfile.mkdtemp(prefix="tensordojo-", dir=root))
    try:
        spec = _spec(settings, workdir, wall_seconds, memory_bytes, env)
    except BaseException:
        shutil.rmtree(workdir, ignore_errors=True)
        raise
    job_ours, job_theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    pipes = {"result": os.pipe(), "out": os.pipe(), "status": os.pipe()}
    ours = {"job": job_ours.detach(), **{name: r for name, (r, _) in pipes.items()}}
    theirs = {"job": job_theirs.detach(), **{name: w for name, (_, w) in pipes.items()}}
    supervisor, cold, how = 0, None, ""
    try:
        if pool is not None and (settings.sandbox_warm_pool or not pool.cold_fallback):
            try:
                supervisor = pool.spawn(spec.to_json(), theirs)
                how = pool.how
            except OSError as exc:
                if not pool.cold_fallback:
                    raise SandboxUnavailable(f"no sandbox container could take the submission: {exc}") from exc
                how = f"cold start (warm pool unavailable: {exc})"
                log.warning("sandbox: %s", how)
        else:
            how = "cold start (no warm pool " + ("given)" if pool is None else "configured)")
        if not supervisor:
            supervisor, cold = _cold(spec, theirs)
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
    contained = pool is not None and not pool.cold_fallback  # in a container: the host's folders are not its own
    if report["namespaces"].get("mount") or contained:  # the child works in its own /tmp: drop the unused host dir
        with contextlib.suppress(OSError):
            workdir.rmdir()
    plan.applied = [how, *report["applied"], "wall-clock limit kills the whole process tree",
                    f"stdout/stderr captured and cut at {output_limit // 1024} KiB",
                    "result channel checked: typed replies in sequence, tamper checks",
                    "every decisive time bounded by the judge's own clock, outside the sandbox"]
    plan.degraded = [*report["degraded"], *(pool.notes if pool is not None and cold is None else [MEMORY_WATCHDOG])]
    if os.geteuid() == 0 and spec.uid is None:
        plan.degraded.append(NPROC_NOTE)
    if os.statvfs(root).f_flag & os.ST_NOEXEC and not (report["namespaces"].get("mount") or contained):
        plan.degraded.append(f"{root} is mounted noexec: Triton cannot load the kernels it compiles there "
                             "(set TENSORDOJO_SANDBOX_WORKDIR to a directory that allows it)")
    if cold is not None and pool is None:
        plan.degraded.append("no warm pool: this submission paid a cold interpreter start")
    for line in plan.degraded:
        log.info("sandbox %d degraded: %s", supervisor, line)
    return child, plan
