"""What a sandbox container is: the Docker SDK's `containers.run` arguments, worked out
from the settings alone (no engine, no `docker` import), and the report of the layers
and limits it brings, for results, the log and the admin page.

The container stands in for the process backend's namespaces (its own network, mount,
PID and IPC namespaces, nothing of the host mounted), so inside it the supervisor needs
no CAP_SYS_ADMIN: only SETUID and SETGID, to drop the submission to a uid of its own.
Docker's default seccomp filter stays as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from runner.sandbox import gpu
from runner.sandbox.spec import COMMON_LAYERS, SandboxSpec, submission_limits

LABEL = "tensordojo.sandbox"  # value: the runner (pool) that started the container
LINK_TARGET = "/run/tensordojo/link"  # where the runner's socket folder appears inside
SOCKET_NAME = "zygote.sock"
ZYGOTE_MODULE = "runner.sandbox.container_zygote"
CAPABILITIES = ("SETUID", "SETGID")  # the uid drop; nothing else runs as root in there
TMP_BYTES = SandboxSpec.__dataclass_fields__["tmp_bytes"].default  # as the process backend's private /tmp
HIDE_OPTIONS = "ro,nosuid,nodev,noexec,size=4k,mode=0555"
# A container warms up (imports torch) at the lowest CPU weight, so that it never slows
# the submissions being judged meanwhile; once ready it gets the usual weight back.
WARMING_SHARES, JUDGING_SHARES = 2, 1024
MOUNTINFO = "/proc/self/mountinfo"
_CONTAINER_ID = re.compile(r"/containers/([0-9a-f]{64})/")


@dataclass(frozen=True)
class ImageFacts:
    """What the engine says of the image: its working directory (the checkout, with the
    bundled bank in it) and the volumes it declares (each would become a volume)."""

    workdir: str = "/opt/tensordojo"
    volumes: list[str] = field(default_factory=lambda: ["/data"])

    def covered(self) -> list[str]:
        """Paths covered by empty read-only tmpfs: the image's bank and its volumes'
        mount points (an empty tmpfs there instead of an anonymous volume)."""
        bank = str(Path(self.workdir or "/") / "problems")
        return sorted({bank, *self.volumes})


def own_container_id(mountinfo: str) -> str | None:
    """The id of the Docker container this process runs in (from the files Docker binds
    into every container: hostname, resolv.conf), or None on a host."""
    match = _CONTAINER_ID.search(mountinfo)
    return match.group(1) if match else None


def pid_mode(setting: str, mountinfo: str | None = None) -> str | None:
    """The Docker pid mode of sandbox containers (None: a PID namespace of their own).
    Under `auto`, a runner that itself runs in a container shares its own: the judge
    reads, stops and kills the submission's processes by the pids it sees."""
    if setting != "auto":
        return setting or None
    if mountinfo is None:
        try:
            mountinfo = Path(MOUNTINFO).read_text()
        except OSError:
            return None
    ident = own_container_id(mountinfo)
    return f"container:{ident}" if ident else None


def gpu_requests(setting: str, sees_gpu: bool | None = None) -> list[dict[str, Any]]:
    """Device requests passing GPUs in (NVIDIA Container Toolkit), per TENSORDOJO_CONTAINER_GPUS."""
    choice = setting.strip().lower()
    if choice == "auto":
        choice = "all" if (bool(gpu.compute_modes()) if sees_gpu is None else sees_gpu) else "none"
    if choice == "none":
        return []
    if choice == "all":
        return [{"count": -1, "capabilities": [["gpu"]]}]
    return [{"device_ids": [d.strip() for d in choice.split(",") if d.strip()], "capabilities": [["gpu"]]}]


def create_kwargs(settings: Any, *, name: str, runner: str, link_source: Path, tag: str, facts: ImageFacts,
                  pids: str | None, gpus: list[dict[str, Any]]) -> dict[str, Any]:
    """Keyword arguments of `DockerClient.containers.run` for one sandbox container."""
    memory = f"{settings.container_memory_mb}m"
    kwargs: dict[str, Any] = {
        "image": settings.container_image,
        "entrypoint": ["python3"],
        "command": ["-I", "-m", ZYGOTE_MODULE, f"{LINK_TARGET}/{SOCKET_NAME}", f"{tag}/{name}"],
        "name": name,
        "hostname": "sandbox",
        "labels": {LABEL: runner},
        "detach": True,
        "auto_remove": True,  # gone once its zygote exits: after its one submission, or when the runner goes
        "user": "0:0",  # the supervisor drops each submission to a uid of its own
        "working_dir": "/tmp",
        "environment": {"HOME": "/tmp", "PYTHONDONTWRITEBYTECODE": "1"},
        "network_mode": "none",
        "ipc_mode": "private",
        "read_only": True,
        "tmpfs": {"/tmp": f"rw,exec,nosuid,nodev,size={TMP_BYTES},mode=1777",  # exec: Triton loads its kernels
                  **{path: HIDE_OPTIONS for path in facts.covered()}},
        "volumes": {str(link_source): {"bind": LINK_TARGET, "mode": "ro"}},
        "cap_drop": ["ALL"],
        "cap_add": list(CAPABILITIES),
        "security_opt": ["no-new-privileges:true"],
        "pids_limit": settings.container_pids,
        "mem_limit": memory,
        "memswap_limit": memory,  # no swap
        "nano_cpus": int(settings.container_cpus * 1e9),
        "cpu_shares": WARMING_SHARES,
    }
    if pids is not None:
        kwargs["pid_mode"] = pids
    if gpus:
        kwargs["device_requests"] = gpus
        kwargs["environment"]["NVIDIA_DRIVER_CAPABILITIES"] = "compute,utility"
    return kwargs


def limits(settings: Any) -> dict[str, str]:
    """The container backend's limits, as the admin page lists them."""
    return {
        **submission_limits(),
        "image": settings.container_image,
        "warm containers": str(settings.container_pool_size),
        "memory per container": f"{settings.container_memory_mb} MiB, no swap",
        "CPUs per container": f"{settings.container_cpus:g}",
        "tasks per container": str(settings.container_pids),
        "GPUs": settings.container_gpus,
    }


def layer_lines(settings: Any, pids: str | None) -> list[str]:
    """The layers the container itself brings (before those applied inside it)."""
    shared = pids is not None and pids.startswith("container:")
    return [
        "network namespace: the container's own, with no network at all (network_mode none)",
        ("PID namespace: the runner container's, so the judge can time and stop the submission; its processes "
         "are another uid's, which the submission can neither signal nor trace") if shared
        else "PID namespace: the container's own",
        "IPC namespace: the container's own",
        f"mount namespace: the container's own: read-only root, a private {TMP_BYTES >> 20} MiB /tmp, no bank, "
        "data dir or secret mounted (only an empty read-only folder for the runner's socket)",
        "container capabilities: all dropped but SETUID and SETGID (to reach the submission's uid); "
        "no-new-privileges; Docker's default seccomp filter",
        f"container limits: {settings.container_memory_mb} MiB of memory (no swap), "
        f"{settings.container_cpus:g} CPUs, {settings.container_pids} tasks",
    ]


CONTAINER_MEMORY = ("memory: the problem's limit is kept by a watchdog polling the submission every 50 ms; "
                    "the container's cgroup caps the whole container (the kernel's kill counts as over the limit)")


def container_report(settings: Any) -> dict[str, Any]:
    """The admin page's report for a runner on the container backend."""
    pids = pid_mode(settings.container_pid_mode)
    uids = settings.uid_range()
    layers = [
        f"a fresh container of {settings.container_image} per submission, removed after it "
        f"({settings.container_pool_size} kept started and waiting)",
        *layer_lines(settings, pids),
        f"runs as a uid of its own from {settings.sandbox_uids}" if uids else f"runs as {settings.sandbox_user}",
        *COMMON_LAYERS,
    ]
    degraded = [CONTAINER_MEMORY, *(n for n in gpu.notes() if not n.startswith("MPS"))]
    if gpu.mps_pipe() is not None:
        degraded.append("MPS: sandbox containers do not reach this host's MPS server")
    return {"backend": "container", "limits": limits(settings), "layers": layers, "degraded": degraded}
