"""The admins' YAML workflow end to end with the real judge: a live `tensordojo serve`
(one embedded worker) on a bank of its own; the admin adds a folder and reloads from the
admin page, then adds a hidden test to a problem: the accepted submission the new test
catches is judged again in the background and loses its place on the leaderboard, the
other keeps it, and the admin page counts the changed verdict."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import httpx

from tests.web.live import ROOT, LiveServer, csrf_from, signup, wait_verdict

SLUG = "vector-add"
OVERFLOW_TEST = "  - name: sums overflow to infinity\n    params: {n: 256, huge: true}\n"
SPECIALS_TEST = "  - name: inf and nan propagate\n    params: {n: 64, special: true}\n"
CORRECT = "def solve(a, b):\n    return a + b\n"
# Right until sums overflow: the clamp turns +-inf into finite values.
CLAMPED = "import torch\n\ndef solve(a, b):\n    return torch.clamp(a + b, -3.0e38, 3.0e38)\n"


def _bank(tmp_path: Path) -> Path:
    """vector-add without its overflow and inf/nan tests, and without the tests sized for
    a GPU: a bank where the clamped solution is right."""
    bank = tmp_path / "bank"
    shutil.copytree(ROOT / "problems" / SLUG, bank / SLUG)
    yaml = bank / SLUG / "problem.yaml"
    text = yaml.read_text()
    for test in (OVERFLOW_TEST, SPECIALS_TEST):
        assert test in text
        text = text.replace(test, "")
    text = re.sub(r"  - name: (one million|large)\n(    .*\n)+", "", text)
    yaml.write_text(text)
    return bank


def _post(client: httpx.Client, csrf: str, code: str) -> int:
    resp = client.post(
        "/api/submissions",
        headers={"X-CSRF-Token": csrf},
        json={"problem": SLUG, "language": "pytorch", "mode": "submit", "code": code},
    )
    assert resp.status_code == 202, resp.text
    return int(resp.json()["id"])


def _reload(admin: httpx.Client) -> None:
    page = admin.get("/admin")
    resp = admin.post("/admin/reload", data={"csrf_token": csrf_from(page.text)})
    assert resp.status_code == 303, resp.text


def _rejudges_done(admin: httpx.Client, timeout: float = 240) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        page = admin.get("/admin").text
        row = re.search(rf'<tr data-slug="{SLUG}">(.*?)</tr>', page, re.S)
        if row and '<td class="pending">0</td>' in row.group(1):
            return row.group(1)
        time.sleep(0.5)
    raise AssertionError("re-judging did not finish:\n" + admin.get("/admin").text)


def test_add_a_folder_then_edit_tests_and_see_the_rejudge(tmp_path: Path) -> None:
    bank = _bank(tmp_path)
    server = LiveServer(
        tmp_path / "data", workers=1, TENSORDOJO_PROBLEMS_DIR=str(bank), TENSORDOJO_FIRST_USER_ADMIN="true"
    )
    try:
        admin = httpx.Client(base_url=server.url, timeout=30)
        signup(admin, "admin")  # the first account: the admin (asked for above)
        learner = httpx.Client(base_url=server.url, timeout=30)
        csrf = signup(learner, "learner")

        shutil.copytree(ROOT / "problems" / SLUG, bank / "my-vector-add")
        _reload(admin)
        assert learner.get("/api/problems/my-vector-add").status_code == 200

        old = learner.get(f"/api/problems/{SLUG}").json()["version"]
        correct, clamped = _post(learner, csrf, CORRECT), _post(learner, csrf, CLAMPED)
        assert wait_verdict(learner, correct)["verdict"] == "ACCEPTED"
        assert wait_verdict(learner, clamped)["verdict"] == "ACCEPTED"

        yaml = bank / SLUG / "problem.yaml"
        yaml.write_text(yaml.read_text().replace("\ntests:\n", "\ntests:\n" + OVERFLOW_TEST))
        _reload(admin)
        new = learner.get(f"/api/problems/{SLUG}").json()["version"]
        assert new != old
        row = _rejudges_done(admin)
        assert '<td class="done">2</td>' in row and '<td class="changed bad">1</td>' in row, row

        clamped_now = learner.get(f"/api/submissions/{clamped}").json()
        assert clamped_now["verdict"] == "ACCEPTED"  # its own verdict stays
        (again,) = clamped_now["rejudges"]
        assert again["status"] == "WRONG_ANSWER" and again["problem_version"] == new
        assert "infinity mismatch" in again["message"], again["message"]  # hidden tests go unnamed
        correct_now = learner.get(f"/api/submissions/{correct}").json()
        assert [r["status"] for r in correct_now["rejudges"]] == ["ACCEPTED"]
        board = learner.get(f"/api/problems/{SLUG}/leaderboard").json()
        assert [e["submission_id"] for e in board] == [correct_now["rejudges"][0]["id"]]
        page = learner.get(f"/problems/{SLUG}").text
        assert 'id="rejudged"' not in page  # the correct code still holds: nothing to explain
    finally:
        server.stop()
