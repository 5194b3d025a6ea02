"""Helpers of the learner features' tests: a clock moved forward by a file, the bank's own
accepted solutions, a small bank of links to the real problems, and reading the
submissions' times."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from tests.web.live import ROOT

DAY = 86400.0


def advance(clock_file: Path, seconds: float) -> None:
    """Move the app's clock (TENSORDOJO_CLOCK_FILE) forward; no one waits."""
    text = clock_file.read_text().strip() if clock_file.exists() else ""
    clock_file.write_text(str(float(text or 0) + seconds))


def accepted_solution(slug: str) -> str:
    """A shipped solution the judge accepts (problems/<slug>/solutions/accepted)."""
    folder = ROOT / "problems" / slug / "solutions" / "accepted"
    return sorted(p for p in folder.glob("*.py") if not p.name.startswith("triton_"))[0].read_text()


def small_bank(root: Path, slugs: tuple[str, ...] = ("softmax", "vector-add", "layernorm")) -> Path:
    """A bank of links to some of the real problems, with an empty rounds/ folder."""
    bank = root / "bank"
    (bank / "rounds").mkdir(parents=True)
    for slug in slugs:
        (bank / slug).symlink_to(ROOT / "problems" / slug)
    return bank


def csrf_of(client: TestClient, path: str = "/problems") -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text)
    assert match, path
    return match.group(1)
