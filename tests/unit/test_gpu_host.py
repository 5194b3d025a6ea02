"""A GPU host's setup the sandbox must adapt to (read without a GPU: the commands and
folders are stood in for)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from runner.sandbox import gpu


def test_an_exclusive_process_gpu_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gpu, "compute_modes", lambda: ("Default", "Exclusive_Process"))
    monkeypatch.setattr(gpu, "mps_pipe", lambda: None)
    assert gpu.notes() == [gpu.EXCLUSIVE]


def test_the_mps_pipe_is_found_and_kept_reachable(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(gpu, "compute_modes", lambda: ("Default",))
    monkeypatch.setenv("CUDA_MPS_PIPE_DIRECTORY", str(tmp_path))
    assert gpu.mps_pipe() == str(tmp_path)
    assert gpu.notes() == [f"MPS: sandboxes reach its server through {tmp_path} (kept visible inside them)"]
    monkeypatch.setenv("CUDA_MPS_PIPE_DIRECTORY", os.path.join(tmp_path, "absent"))
    assert gpu.mps_pipe() is None or gpu.mps_pipe() == gpu.MPS_DEFAULT_PIPE
