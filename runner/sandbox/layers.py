"""The isolation layers a sandboxed process gets, and the report of which are in force.

Each layer is applied where the host allows it; what could not be applied is
reported (never silently skipped), in the judge's JSON and in the log.
"""

from __future__ import annotations

import logging
import os
import resource
import signal
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from runner.sandbox import gpu, isolate, triton_cache
from runner.sandbox.spec import COMMON_LAYERS, NPROC_EXTRA, SandboxSpec, submission_limits

log = logging.getLogger(__name__)

# Never visible to user code, besides the project checkout, the problem bank and the data dir.
# Where other checkouts, mounted volumes and secrets usually live on a judging host.
ALWAYS_HIDDEN = (
    "/root", "/home", "/srv", "/work", "/mnt", "/media", "/var/lib", "/var/log", "/var/backups", "/etc/ssh",
    "/run/secrets",
)


@dataclass
class Plan:
    """The layers a child actually got, for the result and the log."""

    applied: list[str] = field(default_factory=list)  # layers in force
    degraded: list[str] = field(default_factory=list)  # layers the host refused


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


def target_ids(spec: SandboxSpec) -> tuple[int, int] | None:
    """The uid and gid user code will run as when we are root (None: not root, or no such user)."""
    if os.geteuid() != 0:
        return None
    if spec.uid is not None:
        return spec.uid, spec.uid
    try:
        return isolate.user_ids(spec.user)
    except KeyError:
        return None


def task_limit(spec: SandboxSpec) -> int:
    """RLIMIT_NPROC for the child: what its uid may add to the tasks it already runs (none,
    for a uid of its own)."""
    ids = target_ids(spec)
    uid = ids[0] if ids is not None else os.getuid()
    return (0 if spec.uid is not None and ids is not None else count_tasks(uid)) + NPROC_EXTRA


def enter_namespaces(spec: SandboxSpec) -> tuple[dict[str, bool], list[str]]:
    """In the supervisor: new network, mount, PID and IPC namespaces (plus a user
    namespace when not root). Children started after this call live in them."""
    ns = {"net": False, "mount": False, "pid": False, "ipc": False, "user": False}
    if spec.container:  # the container's own namespaces stand in for these
        return ns, []
    if not spec.namespaces:
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


def _mounts(spec: SandboxSpec, ns: dict[str, bool], applied: list[str], degraded: list[str]) -> None:
    try:
        isolate.make_mounts_private()
        hidden = isolate.hide_paths(spec.hide, spec.keep)
        applied.append("hidden behind empty read-only mounts: " + ", ".join(hidden))
    except OSError as exc:
        degraded.append(f"problem bank, data dir and project files not hidden: {exc}")
    try:
        tmp_dirs = [p for p in ("/tmp", "/var/tmp", "/dev/shm") if os.path.isdir(p)]
        isolate.private_tmpfs(tmp_dirs, spec.tmp_bytes, spec.keep)
        os.chdir("/tmp")
        applied.append("private empty /tmp, /var/tmp and /dev/shm; working directory /tmp")
    except OSError as exc:
        os.chdir(spec.workdir)
        degraded.append(f"no private /tmp ({exc}): shared /tmp, private working directory only")
    if ns["pid"]:
        try:
            kept = isolate.fresh_proc(spec.proc_keep)
            applied.append("/proc lists only the sandbox's own processes"
                           + (f" ({', '.join(kept)} kept from the host's)" if kept else ""))
        except OSError as exc:
            degraded.append(f"host processes visible in /proc ({exc})")


def _drop_privileges(spec: SandboxSpec, ns: dict[str, bool], applied: list[str], degraded: list[str]) -> None:
    if os.geteuid() == 0:
        ids = target_ids(spec)
        if ids is None:
            degraded.append(f"sandbox user {spec.user!r} does not exist: user code runs as root")
            return
        uid, gid = ids
        if not ns["mount"] and not _open_to_all(spec.workdir):
            try:
                os.chown(spec.workdir, uid, gid)
            except OSError as exc:  # e.g. a root without CAP_CHOWN in a locked-down container
                degraded.append(f"cannot hand the workdir to uid {uid} ({exc.strerror}): user code cannot write it")
        isolate.drop_to(uid, gid, spec.groups)
        who = f"a uid of its own ({uid})" if spec.uid is not None else f"{spec.user} (uid {uid}, gid {gid})"
        groups = f"only the GPU device groups {spec.groups}" if spec.groups else "no supplementary groups"
        applied.append(f"runs as {who}, {groups}, no capabilities")
        return
    degraded.append(f"runs as the judge's own uid {os.getuid()} (the judge is not root: no uid drop)")
    if ns["user"]:
        isolate.drop_capabilities()
        applied.append("no capabilities, even inside its user namespace")


def _rlimits(spec: SandboxSpec, applied: list[str]) -> None:
    resource.setrlimit(resource.RLIMIT_CPU, (spec.cpu_seconds, spec.cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_FSIZE, (spec.file_bytes, spec.file_bytes))
    resource.setrlimit(resource.RLIMIT_NOFILE, (spec.open_files, spec.open_files))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_NPROC, (spec.nproc, spec.nproc))
    applied.append(f"rlimits: {spec.cpu_seconds} s CPU, {spec.file_bytes >> 20} MiB per file, "
                   f"{spec.open_files} open files, {spec.nproc} tasks for the uid, no core dumps")


def _environment(spec: SandboxSpec, private_tmp: bool, applied: list[str]) -> None:
    """The allow-listed environment, with a home and a Triton cache of the child's own:
    without a private /tmp, no child may plant a compiled module the next one loads."""
    os.environ.clear()
    os.environ.update(spec.env)
    home = "/tmp" if private_tmp else spec.workdir
    cache = os.path.join(home, ".triton", "cache")
    os.makedirs(cache, exist_ok=True)
    os.environ.update({"HOME": home, "TRITON_HOME": home, "TRITON_CACHE_DIR": cache})
    seeded = triton_cache.seed(spec.triton_warm, cache)
    applied.append("environment cleared to an allow-list; a Triton cache of its own"
                   + (f" (seeded with {seeded} pre-built utilities)" if seeded else ""))


def enter(spec: SandboxSpec, ns: dict[str, bool]) -> dict[str, list[str]]:
    """In the user's process, before any user code: every remaining layer, in order."""
    applied: list[str] = list(spec.container)
    degraded: list[str] = []
    if spec.container:  # under the container's memory cap the kernel kills the submission, not the judge's own
        _first_to_go(degraded)
    if ns["net"]:
        applied.append("network namespace: no network at all, not even loopback")
        applied.append("IPC namespace")
    if ns["pid"]:
        applied.append("PID namespace: the sandbox's whole tree dies with its init")
    if ns["user"]:
        applied.append("user namespace (the judge is not root)")
    if ns["mount"]:
        _mounts(spec, ns, applied, degraded)
    else:
        os.chdir(spec.workdir)
        applied.append("private empty working directory")
    private_tmp = os.getcwd() == "/tmp"
    _drop_privileges(spec, ns, applied, degraded)
    # Changing uid cleared the parent-death signal: armed again, the child dies with its
    # parent even where the judge may not signal it (no CAP_KILL).
    isolate.prctl(isolate.PR_SET_PDEATHSIG, signal.SIGKILL)
    isolate.prctl(isolate.PR_SET_DUMPABLE, 1)  # own /proc/self files again (memory high-water mark)
    isolate.prctl(isolate.PR_SET_NO_NEW_PRIVS, 1)
    applied.append("no_new_privs")
    _rlimits(spec, applied)
    _environment(spec, private_tmp, applied)
    return {"applied": applied, "degraded": degraded}


def _open_to_all(folder: str) -> bool:
    """A world-writable sticky folder (a container's /tmp): nothing to hand over."""
    mode = os.stat(folder).st_mode
    return mode & 0o1002 == 0o1002


def _first_to_go(degraded: list[str]) -> None:
    try:
        Path("/proc/self/oom_score_adj").write_text("1000")
    except OSError as exc:
        degraded.append(f"the kernel may kill the judge's processes before the submission on memory pressure ({exc})")


def hidden_paths(settings: Any, project_root: Path, keep: list[str]) -> list[str]:
    """Directories user code must not see: the checkout, the bank, the data dir, homes.
    The judge's own code is hidden only where it is a checkout: installed as a package,
    it lives among the interpreter's files, which stay visible (`keep`)."""
    paths = [] if any(_within(str(project_root), k) for k in keep) else [str(project_root)]
    for attr in ("problems_dir", "data_dir"):
        value = getattr(settings, attr, None)
        if value is not None:
            paths.append(str(Path(value).resolve()))
    paths.extend(ALWAYS_HIDDEN)
    return sorted({p for p in paths if p != "/"})


def _within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def _userns_allowed() -> bool:
    for path, minimum in (("/proc/sys/user/max_user_namespaces", 1), ("/proc/sys/kernel/unprivileged_userns_clone", 1)):
        try:
            if int(Path(path).read_text()) < minimum:
                return False
        except (OSError, ValueError):
            continue
    return True


def sandbox_report(settings: Any = None) -> dict[str, Any]:
    """The backend, its limits and the layers a child is expected to get on this host
    (admin page); each judged submission reports the layers it actually got."""
    if getattr(settings, "sandbox", "process") == "container":
        from runner.sandbox.container_config import container_report

        return container_report(settings)
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
        uids = settings.uid_range() if settings is not None else None
        layers.append(f"runs as a uid of its own from {settings.sandbox_uids}" if uids else f"runs as {user}")
    else:
        degraded.append(f"runs as the judge's own uid {os.getuid()} (the judge is not root: no uid drop)")
    layers += COMMON_LAYERS
    degraded.append(MEMORY_WATCHDOG)
    degraded += gpu.notes()
    if getattr(settings, "sandbox_warm_pool", True) is False:
        degraded.append("warm pool disabled by configuration: every submission starts a cold interpreter")
    return {"backend": "process", "limits": submission_limits(), "layers": layers, "degraded": degraded}


MEMORY_WATCHDOG = ("memory: no cgroup v2 memory cap; a watchdog polls the sandbox's memory every 50 ms "
                   "(RSS, proportional set size near the limit) and kills it past the limit")
