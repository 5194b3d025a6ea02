"""The isolation layers a sandboxed process gets, and the report of which are in force.

Each layer is applied where the host allows it; what could not be applied is
reported (never silently skipped), in the judge's JSON and in the log.
"""

from __future__ import annotations

import logging
import os
import resource
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from runner.sandbox import isolate

log = logging.getLogger(__name__)

# Environment variables the child may see; everything else is dropped.
ENV_ALLOW = ("PATH", "LANG", "LC_ALL", "CUDA_VISIBLE_DEVICES", "NVIDIA_VISIBLE_DEVICES", "OMP_NUM_THREADS")
NPROC_EXTRA = 128  # processes + threads the sandbox user may add to what it already runs
TMP_BYTES = 64 << 20  # each private tmpfs (/tmp, /var/tmp, /dev/shm)
# Never visible to user code, besides the project checkout, the problem bank and the data dir.
# Where other checkouts, mounted volumes and secrets usually live on a judging host.
ALWAYS_HIDDEN = (
    "/root", "/home", "/srv", "/work", "/mnt", "/media", "/var/lib", "/var/log", "/var/backups", "/etc/ssh",
    "/run/secrets",
)


@dataclass
class Plan:
    """What a child gets: resource limits, environment, and the layers actually in force."""

    cpu_seconds: int  # RLIMIT_CPU: SIGXCPU past it -> TIME_LIMIT_EXCEEDED
    file_bytes: int = 16 << 20  # RLIMIT_FSIZE: SIGXFSZ past it
    open_files: int = 256  # RLIMIT_NOFILE
    env: dict[str, str] = field(default_factory=dict)
    applied: list[str] = field(default_factory=list)  # layers in force
    degraded: list[str] = field(default_factory=list)  # layers the host refused


def child_env(extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k in ENV_ALLOW}
    env.setdefault("PATH", "/usr/bin:/bin")
    env.update({"HOME": "/tmp", "PYTHONDONTWRITEBYTECODE": "1", "PYTHONHASHSEED": "0"})
    env.update(extra)
    return env


def count_tasks(uid: int) -> int:
    """Processes and threads the uid runs now (RLIMIT_NPROC counts them all)."""
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status") as handle:
                fields = dict(line.split(":", 1) for line in handle if ":" in line)
        except OSError:
            continue
        if int(fields.get("Uid", "-1 ").split()[0]) == uid:
            total += int(fields.get("Threads", "1").strip())
    return total


def target_uid(user: str) -> int:
    """The uid user code will run as: the sandbox user when we are root, else our own."""
    if os.geteuid() == 0:
        try:
            return isolate.user_ids(user)[0]
        except KeyError:
            return 0
    return os.getuid()


def enter_namespaces(cfg: dict[str, Any]) -> tuple[dict[str, bool], list[str]]:
    """In the supervisor: new network, mount, PID and IPC namespaces (plus a user
    namespace when not root). Children started after this call live in them."""
    ns = {"net": False, "mount": False, "pid": False, "ipc": False, "user": False}
    if not cfg["namespaces"]:
        return ns, ["no network, mount, PID or IPC namespace (disabled by configuration): "
                    "network reachable, host files and processes visible"]
    root = os.geteuid() == 0
    flags = isolate.CLONE_NEWNS | isolate.CLONE_NEWNET | isolate.CLONE_NEWIPC | isolate.CLONE_NEWPID
    uid, gid = os.getuid(), os.getgid()
    try:
        isolate.unshare(flags if root else flags | isolate.CLONE_NEWUSER)
    except OSError as exc:
        why = "unshare refused" if root else "not root and user namespaces refused"
        return ns, [f"no network, mount, PID or IPC namespace ({why}: {exc.strerror}): "
                    "network reachable, host files and processes visible"]
    if not root:  # past this point we are in the namespaces: a failure here cannot fall back
        isolate.map_ids_to_self(uid, gid)
    return {"net": True, "mount": True, "pid": True, "ipc": True, "user": not root}, []


def _mounts(cfg: dict[str, Any], ns: dict[str, bool], applied: list[str], degraded: list[str]) -> None:
    try:
        isolate.make_mounts_private()
        hidden = isolate.hide_paths(cfg["hide"], cfg["keep"])
        applied.append("hidden behind empty read-only mounts: " + ", ".join(hidden))
    except OSError as exc:
        degraded.append(f"problem bank, data dir and project files not hidden: {exc}")
    try:
        tmp_dirs = [p for p in ("/tmp", "/var/tmp", "/dev/shm") if os.path.isdir(p)]
        isolate.private_tmpfs(tmp_dirs, cfg["tmp_bytes"], cfg["keep"])
        os.chdir("/tmp")
        applied.append("private empty /tmp, /var/tmp and /dev/shm; working directory /tmp")
    except OSError as exc:
        os.chdir(cfg["workdir"])
        degraded.append(f"no private /tmp ({exc}): shared /tmp, private working directory only")
    if ns["pid"]:
        try:
            isolate.fresh_proc()
            applied.append("/proc lists only the sandbox's own processes")
        except OSError as exc:
            degraded.append(f"host processes visible in /proc ({exc})")


def _drop_privileges(cfg: dict[str, Any], ns: dict[str, bool], applied: list[str], degraded: list[str]) -> None:
    if os.geteuid() == 0:
        try:
            uid, gid = isolate.user_ids(cfg["user"])
        except KeyError:
            degraded.append(f"sandbox user {cfg['user']!r} does not exist: user code runs as root")
            return
        if not ns["mount"]:
            os.chown(cfg["workdir"], uid, gid)
        isolate.drop_to(uid, gid)
        applied.append(f"runs as {cfg['user']} (uid {uid}, gid {gid}), no supplementary groups, no capabilities")
        return
    degraded.append(f"runs as the judge's own uid {os.getuid()} (the judge is not root: no uid drop)")
    if ns["user"]:
        isolate.drop_capabilities()
        applied.append("no capabilities, even inside its user namespace")


def _rlimits(cfg: dict[str, Any], applied: list[str]) -> None:
    resource.setrlimit(resource.RLIMIT_CPU, (cfg["cpu_seconds"], cfg["cpu_seconds"] + 1))
    resource.setrlimit(resource.RLIMIT_FSIZE, (cfg["file_bytes"], cfg["file_bytes"]))
    resource.setrlimit(resource.RLIMIT_NOFILE, (cfg["open_files"], cfg["open_files"]))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_NPROC, (cfg["nproc"], cfg["nproc"]))
    applied.append(f"rlimits: {cfg['cpu_seconds']} s CPU, {cfg['file_bytes'] >> 20} MiB per file, "
                   f"{cfg['open_files']} open files, {cfg['nproc']} tasks for the uid, no core dumps")


def enter(cfg: dict[str, Any], ns: dict[str, bool]) -> dict[str, list[str]]:
    """In the user's process, before any user code: every remaining layer, in order."""
    applied: list[str] = []
    degraded: list[str] = []
    if ns["net"]:
        applied.append("network namespace: no network at all, not even loopback")
        applied.append("IPC namespace")
    if ns["pid"]:
        applied.append("PID namespace: the sandbox's whole tree dies with its init")
    if ns["user"]:
        applied.append("user namespace (the judge is not root)")
    if ns["mount"]:
        _mounts(cfg, ns, applied, degraded)
    else:
        os.chdir(cfg["workdir"])
        applied.append("private empty working directory")
    _drop_privileges(cfg, ns, applied, degraded)
    isolate.prctl(isolate.PR_SET_DUMPABLE, 1)  # own /proc/self files again (memory high-water mark)
    isolate.prctl(isolate.PR_SET_NO_NEW_PRIVS, 1)
    applied.append("no_new_privs")
    _rlimits(cfg, applied)
    os.environ.clear()
    os.environ.update(cfg["env"])
    applied.append("environment cleared to an allow-list")
    return {"applied": applied, "degraded": degraded}


def hidden_paths(settings: Any, project_root: Path) -> list[str]:
    """Directories user code must not see: the checkout, the bank, the data dir, homes."""
    paths = [str(project_root)]
    for attr in ("problems_dir", "data_dir"):
        value = getattr(settings, attr, None)
        if value is not None:
            paths.append(str(Path(value).resolve()))
    paths.extend(ALWAYS_HIDDEN)
    return sorted({p for p in paths if p != "/"})


def _userns_allowed() -> bool:
    for path, minimum in (("/proc/sys/user/max_user_namespaces", 1), ("/proc/sys/kernel/unprivileged_userns_clone", 1)):
        try:
            if int(Path(path).read_text()) < minimum:
                return False
        except (OSError, ValueError):
            continue
    return True


def sandbox_report(settings: Any = None) -> dict[str, list[str]]:
    """The layers a child is expected to get on this host (admin page); each judged
    submission reports the layers it actually got."""
    root = os.geteuid() == 0
    user = getattr(settings, "sandbox_user", "nobody")
    layers = ["separate process tree (own session; the judge kills all of it at the end)"]
    degraded: list[str] = []
    if root or _userns_allowed():
        layers.append("network, mount, PID and IPC namespaces" + ("" if root else " (inside a user namespace)"))
        layers.append("project checkout, problem bank, data dir and home directories hidden; private /tmp")
    else:
        degraded.append("no namespaces: network reachable, host files and processes visible")
    if root:
        layers.append(f"runs as {user}")
    else:
        degraded.append(f"runs as the judge's own uid {os.getuid()} (the judge is not root: no uid drop)")
    layers += [
        "no_new_privs",
        "rlimits: cpu seconds, file size, open files, tasks, no core dumps",
        "wall-clock limit kills the whole process tree",
        "stdout/stderr captured and cut",
        "environment cleared to an allow-list",
        "result channel checked: sequence numbers, tamper checks, times bounded by the judge's clock",
    ]
    degraded.append(MEMORY_WATCHDOG)
    if getattr(settings, "sandbox_warm_pool", True) is False:
        degraded.append("warm pool disabled by configuration: every submission starts a cold interpreter")
    return {"layers": layers, "degraded": degraded}


MEMORY_WATCHDOG = ("memory: no cgroup v2 memory cap; a watchdog polls the sandbox's memory every 50 ms "
                   "(RSS, proportional set size near the limit) and kills it past the limit")
