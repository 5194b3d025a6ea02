"""What one sandbox is to be: decided by the judge, carried (as JSON) through the warm
pool's zygote to the supervisor that builds it."""

from __future__ import annotations

import dataclasses
import os
import random
import stat
from dataclasses import dataclass, field
from typing import Any

# Environment variables the child may see (exactly these names, or these prefixes);
# everything else is dropped. They are operator settings a GPU host may need.
ENV_ALLOW = (
    "PATH", "LANG", "LC_ALL", "OMP_NUM_THREADS", "LD_LIBRARY_PATH", "CC", "CXX",
    "CUDA_VISIBLE_DEVICES", "CUDA_DEVICE_ORDER", "CUDA_HOME", "CUDA_PATH",
    "CUDA_MPS_PIPE_DIRECTORY", "CUDA_MPS_LOG_DIRECTORY",
    "NVIDIA_VISIBLE_DEVICES", "NVIDIA_DRIVER_CAPABILITIES",
)
ENV_ALLOW_PREFIXES = ("TRITON_",)
ENV_JUDGE_ONLY = ("TRITON_INTERPRET", "TRITON_CACHE_DIR", "TRITON_HOME")  # set by the judge, per child
NPROC_EXTRA = 128  # processes + threads the sandbox may add to what its uid already runs
DEVICE_NODES = "/dev"  # where GPU device nodes live (their groups are kept: see device_groups)
DEVICE_PREFIXES = ("nvidia", "dri")


# Layers every sandboxed child gets, whichever the backend (after namespaces and uid).
COMMON_LAYERS = (
    "no_new_privs",
    "rlimits: cpu seconds, file size, open files, tasks, no core dumps",
    "wall-clock limit kills the whole process tree",
    "stdout/stderr captured and cut",
    "environment cleared to an allow-list",
    "result channel checked: sequence numbers, tamper checks, times bounded by the judge's clock",
)


@dataclass
class SandboxSpec:
    cpu_seconds: int  # RLIMIT_CPU: SIGXCPU past it -> TIME_LIMIT_EXCEEDED
    env: dict[str, str]  # the child's whole environment
    workdir: str  # a fresh directory on the host, the child's own
    hide: list[str]  # directories covered by empty mounts
    keep: list[str]  # directories under `hide` bound back read-only (the interpreter's files)
    memory_bytes: int
    namespaces: bool  # try network, mount, PID and IPC namespaces
    user: str = "nobody"  # the account to run as (when uid is None)
    uid: int | None = None  # a uid of the sandbox's own, where the judge is root
    groups: list[int] = field(default_factory=list)  # supplementary groups kept (GPU device nodes)
    proc_keep: list[str] = field(default_factory=list)  # /proc entries bound back over a fresh /proc
    triton_warm: str | None = None  # a read-only Triton cache whose entries seed the child's own
    file_bytes: int = 16 << 20  # RLIMIT_FSIZE: SIGXFSZ past it
    open_files: int = 256  # RLIMIT_NOFILE
    tmp_bytes: int = 64 << 20  # each private tmpfs (/tmp, /var/tmp, /dev/shm)
    nproc: int = 0  # RLIMIT_NPROC, set by the supervisor
    container: list[str] = field(default_factory=list)  # the layers of the container it runs in, if any

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SandboxSpec:
        return cls(**data)


def submission_limits() -> dict[str, str]:
    """The limits every submission runs under, whatever the backend (admin page)."""
    spec = SandboxSpec(0, {}, "", [], [], 0, True)
    return {"memory": "the problem's limit (a watchdog)", "CPU seconds": "the problem's wall limit + 1",
            "wall clock": "the problem's limit", "tasks": f"{NPROC_EXTRA} for the sandbox's uid",
            "open files": str(spec.open_files), "file size": f"{spec.file_bytes >> 20} MiB",
            "private /tmp": f"{spec.tmp_bytes >> 20} MiB"}


def child_env(extra: dict[str, str]) -> dict[str, str]:
    """The allowed part of our environment, the judge's own settings for the child on top."""
    env = {k: v for k, v in os.environ.items()
           if (k in ENV_ALLOW or k.startswith(ENV_ALLOW_PREFIXES)) and k not in ENV_JUDGE_ONLY}
    env.setdefault("PATH", "/usr/bin:/bin")
    env.update({"HOME": "/tmp", "PYTHONDONTWRITEBYTECODE": "1", "PYTHONHASHSEED": "0",
                "TORCHINDUCTOR_COMPILE_THREADS": "1"})
    env.update(extra)
    return env


def uid_in_use(uid: int) -> bool:
    """Whether any live process on the host runs as this uid (zombies do not count)."""
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.stat(f"/proc/{entry}").st_uid == uid:
                    with open(f"/proc/{entry}/stat") as handle:
                        if handle.read().rsplit(")", 1)[1].split()[0] != "Z":
                            return True
            except (OSError, IndexError):
                continue
    return False


def pick_uid(first: int, count: int) -> int:
    """A uid of the range that no process uses: RLIMIT_NPROC then counts this sandbox's
    tasks alone, and no other sandbox can signal or trace it."""
    rng = random.SystemRandom()
    for _ in range(64):
        uid = first + rng.randrange(count)
        if not uid_in_use(uid):
            return uid
    raise OSError(f"no free uid in {first}-{first + count - 1}")


def device_groups(folder: str = DEVICE_NODES) -> list[int]:
    """Groups that GPU device nodes grant access through (mode 0660 and the like): the
    child keeps them, or it could not open the GPU once its groups are dropped."""
    found: set[int] = set()
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    for name in names:
        if not name.startswith(DEVICE_PREFIXES):
            continue
        for path in _nodes(os.path.join(folder, name)):
            info = os.stat(path)
            if info.st_mode & stat.S_IRWXG and not info.st_mode & stat.S_IROTH and info.st_gid != 0:
                found.add(info.st_gid)
    return sorted(found)


def _nodes(path: str) -> list[str]:
    if os.path.isdir(path):
        return [os.path.join(path, n) for n in os.listdir(path) if not os.path.isdir(os.path.join(path, n))]
    return [path]
