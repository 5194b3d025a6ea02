"""The isolation layers applied to a child before it runs user code.

Each layer is applied where the host allows it; what could not be applied is
reported (never silently skipped), in the judge's JSON and in the log.
"""

from __future__ import annotations

import logging
import os
import resource
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)

# Environment variables the child may see; everything else is dropped.
ENV_ALLOW = ("PATH", "LANG", "LC_ALL", "CUDA_VISIBLE_DEVICES", "NVIDIA_VISIBLE_DEVICES", "OMP_NUM_THREADS")


@dataclass
class Plan:
    """What a child will get: resource limits and the environment."""

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


def apply_rlimits(plan: Plan) -> None:
    """Runs in the child between fork and exec: only async-signal-safe-ish work."""
    os.setsid()
    resource.setrlimit(resource.RLIMIT_CPU, (plan.cpu_seconds, plan.cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_FSIZE, (plan.file_bytes, plan.file_bytes))
    resource.setrlimit(resource.RLIMIT_NOFILE, (plan.open_files, plan.open_files))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def sandbox_report(settings: Any = None) -> dict[str, list[str]]:
    """The layers a child gets on this host, for `judge --json` and the admin page."""
    layers = [
        "separate process (own session and process group)",
        "environment cleared to an allow-list",
        "private empty working directory",
        "rlimits: cpu seconds, file size, open files, no core dumps",
        "memory watchdog on the process group's RSS",
        "wall-clock limit kills the whole process group",
        "stdout/stderr captured and cut",
    ]
    degraded = [
        "no network/mount/PID/IPC namespaces (not implemented on this host yet)",
        "runs as the judge's own user (no uid drop)",
    ]
    return {"layers": layers, "degraded": degraded}
