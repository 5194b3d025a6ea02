"""The judge's configuration: every knob is a TENSORDOJO_* environment variable.

`app.config.AppSettings` extends this class, so one settings object configures
both the web app and the judge.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from runner.errors import UsageError


def bundled_problems_dir() -> Path:
    """The bank that comes with the code: `problems/` beside the `runner` package, i.e. in
    the checkout (or editable install, or an image that copies the tree) the code runs
    from. Found from the code's own location, so the working directory never matters."""
    return Path(__file__).resolve().parent.parent / "problems"


class JudgeSettings(BaseSettings):
    """Typed settings read from `TENSORDOJO_*` variables (e.g. TENSORDOJO_DATA_DIR)."""

    model_config = SettingsConfigDict(env_prefix="TENSORDOJO_", extra="ignore")

    problems_dir: Path = Field(
        default_factory=bundled_problems_dir,
        description="the problem bank; unset: the bank next to the code (problems/ in the checkout), "
        "whatever the working directory",
    )
    data_dir: Path = Field(Path("data"), description="DB, secrets, logs; never visible to user code")
    device: str | None = Field(None, description="cpu or cuda; unset: cuda when available")
    judge_secret: str | None = Field(None, description="mixed into hidden-test seeds; unset: generated into data_dir")
    sandbox_user: str = Field("nobody", description="unprivileged user the child runs as (without sandbox_uids)")
    sandbox_uids: str = Field(
        "200000-265535",
        description="a range of uids; each sandbox runs as one no process uses (where the judge is root); "
        "empty: every sandbox runs as sandbox_user",
    )
    sandbox_namespaces: bool = Field(True, description="network/mount/PID/IPC namespaces where the host allows")
    sandbox_warm_pool: bool = Field(True, description="fork children from a warm zygote")
    sandbox_workdir: Path | None = Field(
        None, description="where each sandbox's working directory is made (default: the system's temporary "
        "directory; it must allow executing files: Triton loads the kernels it compiles from there)"
    )
    sandbox_env: list[str] = Field(
        default_factory=list, description="more environment variables passed to sandboxes, by name"
    )
    sandbox: Literal["process", "container"] = Field(
        "process", description="process: each submission in a fork of a warm zygote inside this runner, behind "
        "namespaces; container: each submission in a fresh container of its own started through the Docker "
        "engine (docker-compose.container.yml)"
    )
    container_image: str = Field(
        "tensordojo-runner:latest", description="the image sandbox containers start from: the runner image of "
        "this very code (the runner refuses one built from other code)"
    )
    container_pool_size: int = Field(2, ge=1, le=32, description="sandbox containers kept started and waiting")
    container_link_dir: Path = Field(
        Path("/run/tensordojo/containers"), description="a host folder for the sockets between the runner and "
        "its containers (one read-only subfolder bound into each); a runner that runs in a container mounts it "
        "at the same path"
    )
    container_memory_mb: int = Field(
        6144, ge=256, description="memory cap of one whole container (interpreter, torch and the submission; no "
        "swap): above the problems' own limits, which the judge enforces inside it"
    )
    container_cpus: float = Field(2.0, gt=0, description="CPU quota of one container, in CPUs")
    container_pids: int = Field(512, ge=64, description="processes and threads one container may hold")
    container_gpus: str = Field(
        "auto", description="GPUs passed into each container: auto (all of them where this runner sees a GPU), "
        "all, none, or device ids such as 0,1"
    )
    container_pid_mode: str = Field(
        "auto", description="auto: each container has a PID namespace of its own, or shares the runner's where "
        "the runner itself runs in a container (the judge must see the submission's processes); or a Docker "
        "pid mode, e.g. container:NAME"
    )
    container_engine: str | None = Field(
        None, description="the Docker engine's address; unset: DOCKER_HOST, else unix:///var/run/docker.sock"
    )
    gpu_memory_fraction: float = Field(0.5, gt=0, le=1, description="share of the GPU's memory one child may use")
    timing_budget_s: float = Field(0.6, description="time spent timing one submission (shared by its functions)")
    torch_threads: int = Field(
        1, ge=1, description="intra-op threads for user and reference calls: 1 keeps CPU timings stable"
    )
    output_limit_bytes: int = Field(64 * 1024, description="captured stdout/stderr cut here")

    def uid_range(self) -> tuple[int, int] | None:
        """(first uid, how many) of `sandbox_uids`, or None where it is empty."""
        if not self.sandbox_uids.strip():
            return None
        try:
            first, last = (int(part) for part in self.sandbox_uids.split("-"))
        except ValueError:
            wrong = self.sandbox_uids
            raise UsageError(f"TENSORDOJO_SANDBOX_UIDS must look like 200000-265535, not {wrong!r}") from None
        if not 0 < first <= last:
            raise UsageError(f"TENSORDOJO_SANDBOX_UIDS: {self.sandbox_uids!r} is not a range of positive uids")
        return first, last - first + 1

    def resolve_device(self, requested: str | None = None) -> str:
        """The device to judge on: the request, else the setting, else cuda if present."""
        import torch

        device = requested or self.device
        if device is None:
            return "cuda" if torch.cuda.is_available() else "cpu"
        if device not in ("cpu", "cuda"):
            raise UsageError(f"unknown device {device!r}: use cpu or cuda")
        if device == "cuda" and not torch.cuda.is_available():
            raise UsageError("--device cuda asked for, but no CUDA device is available here")
        return device

    def ensure_data_dir(self) -> Path:
        """The data dir, created owner-only (0700): its DB and secrets are for the
        judge and the app alone, also where a sandbox runs without namespaces."""
        self.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        if self.data_dir.stat().st_uid == os.geteuid():
            self.data_dir.chmod(0o700)
        return self.data_dir

    def secret_file(self, name: str) -> str:
        """A random secret kept in the data dir (mode 0600), created on first use."""
        path = self.ensure_data_dir() / name
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # made earlier, or by another process just now
            pass
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_urlsafe(48))
        return path.read_text().strip()

    def secret_bytes(self) -> bytes:
        """The per-install secret mixed into hidden-test seeds."""
        return (self.judge_secret or self.secret_file("judge-secret")).encode()
