"""What the host's GPU setup asks of the sandbox: a compute mode that allows the judge
and a child to hold contexts at once, and the MPS server's pipe kept reachable."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess

MPS_DEFAULT_PIPE = "/tmp/nvidia-mps"
EXCLUSIVE = ("the GPU is in EXCLUSIVE_PROCESS compute mode: the judge (which runs the reference) and each "
             "sandboxed child need a CUDA context at once; set `nvidia-smi -c DEFAULT`, or run the reference "
             "on another GPU")


@functools.cache
def compute_modes() -> tuple[str, ...]:
    """Each visible GPU's compute mode, as nvidia-smi names it (empty where it is absent)."""
    if shutil.which("nvidia-smi") is None:
        return ()
    try:
        done = subprocess.run(["nvidia-smi", "--query-gpu=compute_mode", "--format=csv,noheader"],
                              capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return ()
    return tuple(line.strip() for line in done.stdout.splitlines() if line.strip()) if done.returncode == 0 else ()


def mps_pipe() -> str | None:
    """The MPS server's pipe directory, where one runs: the child must reach it even
    behind its private /tmp."""
    folder = os.environ.get("CUDA_MPS_PIPE_DIRECTORY") or MPS_DEFAULT_PIPE
    return folder if os.path.isdir(folder) else None


def notes() -> list[str]:
    """Lines for the admin page and a failed CUDA set-up's message."""
    found = []
    if any("exclusive_process" in mode.lower() for mode in compute_modes()):
        found.append(EXCLUSIVE)
    if (pipe := mps_pipe()) is not None:
        found.append(f"MPS: sandboxes reach its server through {pipe} (kept visible inside them)")
    return found
