"""How many judging workers `serve` runs: what the operator set, else one on a GPU
host (two would time each other's kernels on one GPU) and two on the CPU."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.config import AppSettings


def test_the_setting_wins(tmp_path: Path) -> None:
    assert AppSettings(data_dir=tmp_path, workers=3).embedded_workers() == 3
    assert AppSettings(data_dir=tmp_path, workers=0).embedded_workers() == 0


@pytest.mark.parametrize(("device", "count"), [("cuda", 1), ("cpu", 2)])
def test_one_worker_per_gpu_by_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, device: str,
                                       count: int) -> None:
    settings = AppSettings(data_dir=tmp_path)
    monkeypatch.setattr(AppSettings, "resolve_device", lambda self, requested=None: device)
    assert settings.embedded_workers() == count
