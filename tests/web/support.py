"""Helpers shared by the web tests: sample solutions, a stand-in judge, a signed-in client."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from app.config import AppSettings
from tests.web.live import csrf_from

SOFTMAX_OK = """import torch

def solve(x, dim):
    e = torch.exp(x - x.amax(dim=dim, keepdim=True))
    return e / e.sum(dim=dim, keepdim=True)
"""
VECTOR_ADD_OK = """def solve(a, b):
    return a + b
"""


def fake_judge(problem: Any, code: str, language: str, mode: str, settings: AppSettings) -> dict[str, Any]:
    """A judge stand-in for tests of the web layer alone (the queue tests use the real one)."""
    verdict = "ACCEPTED" if "return" in code else "WRONG_ANSWER"
    return {
        "verdict": verdict,
        "message": "" if verdict == "ACCEPTED" else "test 1: wrong values",
        "tests": [
            {"name": "example 1", "passed": verdict == "ACCEPTED", "message": "", "time_ms": 1.0, "visible": True}
        ],
        "timing": {"user_ms": 1.5, "reference_ms": 1.0, "ratio": 1.5, "threshold": 4.0, "enforced": True},
        "device": "cpu",
        "stdout": "",
    }


def drain(client: TestClient, judge: Any = fake_judge) -> None:
    """Judge everything queued with the stand-in judge, in this process."""
    from app.worker import QueueWorker

    ctx = client.app.state.ctx
    worker = QueueWorker(ctx.engine, ctx.settings, ctx.catalog, judge=judge)
    worker._register()
    while (claim := worker.queue.claim(worker.id)) is not None:
        worker.process(claim)
    ctx.stats.invalidate()


def make_admin(client: TestClient, username: str) -> None:
    """What `tensordojo users promote NAME` does, on the test app's database."""
    from app.accounts import find_user, set_admin

    with client.app.state.ctx.sessions() as db:
        user = find_user(db, username)
        assert user is not None, username
        set_admin(db, user, True)


class Account:
    """A signed-in test client plus its CSRF token."""

    def __init__(self, client: TestClient, username: str) -> None:
        self.client = client
        self.username = username
        page = client.get("/signup")
        resp = client.post(
            "/signup",
            data={"username": username, "password": "correct horse battery", "csrf_token": csrf_from(page.text)},
            follow_redirects=False,
        )
        assert resp.status_code == 303, resp.text
        self.csrf = csrf_from(client.get("/problems").text)

    def submit(
        self,
        code: str,
        *,
        problem: str = "vector-add",
        language: str = "pytorch",
        mode: str = "submit",
        device: str | None = None,
    ) -> Any:
        body = {"problem": problem, "language": language, "mode": mode, "code": code}
        if device is not None:
            body["device"] = device
        return self.client.post("/api/submissions", json=body, headers={"X-CSRF-Token": self.csrf})


def limited_client(tmp_path: Path, signups_per_client: int) -> Iterator[TestClient]:
    """An app with tight login limits (3 per account, 8 per client) and no workers."""
    from app.main import create_app
    from tests.web.live import ROOT

    settings = AppSettings(
        data_dir=tmp_path / "data", problems_dir=ROOT / "problems", workers=0, device="cpu",
        login_limit_per_account=3, login_limit_per_client=8, signup_limit_per_client=signups_per_client,
    )
    with TestClient(create_app(settings, judge=fake_judge)) as client:
        yield client
