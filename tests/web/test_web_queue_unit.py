"""The submissions-table queue: atomic claims, leases, retries, stale writers."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from app.models import Submission
from app.queue import SubmissionQueue
from app.worker import QueueWorker
from tests.web.support import VECTOR_ADD_OK, Account, fake_judge

pytestmark = pytest.mark.both_databases


def _queue(client: TestClient, lease: float = 30.0) -> SubmissionQueue:
    ctx = client.app.state.ctx
    return SubmissionQueue(ctx.engine, lease_seconds=lease, max_attempts=3)


def _row(client: TestClient, sub_id: int) -> Submission:
    with client.app.state.ctx.sessions() as db:
        return db.execute(select(Submission).where(Submission.id == sub_id)).scalar_one()


def test_claims_are_exclusive_under_concurrency(client: TestClient, account: Account) -> None:
    ids = [account.submit(VECTOR_ADD_OK).json()["id"] for _ in range(5)]
    queue = _queue(client)
    claimed: list[int] = []
    lock = threading.Lock()

    def grab(name: str) -> None:
        while (claim := queue.claim(name)) is not None:
            with lock:
                claimed.append(claim.submission_id)

    threads = [threading.Thread(target=grab, args=(f"w{i}",)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(claimed) == ids  # every one claimed, none twice


def test_expired_lease_is_requeued_then_gives_up_after_three(client: TestClient, account: Account) -> None:
    sub_id = account.submit(VECTOR_ADD_OK).json()["id"]
    queue = _queue(client, lease=0.05)
    for attempt in (1, 2, 3):
        claim = queue.claim("crashy")
        assert claim is not None and claim.attempt == attempt
        time.sleep(0.1)  # the worker "dies": no heartbeat
        queue.requeue_expired()
    row = _row(client, sub_id)
    assert row.status == "INTERNAL_ERROR"
    assert "3 times" in row.message and "not your code" in row.message
    assert queue.claim("late") is None


def test_stale_worker_cannot_overwrite_a_newer_attempt(client: TestClient, account: Account) -> None:
    sub_id = account.submit(VECTOR_ADD_OK).json()["id"]
    queue = _queue(client, lease=0.05)
    old = queue.claim("old")
    time.sleep(0.1)
    queue.requeue_expired()
    new = queue.claim("new")
    assert old and new and new.attempt == 2
    assert not queue.heartbeat(old)
    assert not queue.finish(old, {"verdict": "WRONG_ANSWER", "message": "stale"})
    assert queue.finish(new, {"verdict": "ACCEPTED", "message": "", "timing": {"user_ms": 2.0}})
    row = _row(client, sub_id)
    assert row.status == "ACCEPTED" and row.user_ms == 2.0 and row.attempts == 2


def test_release_puts_it_back_without_using_an_attempt(client: TestClient, account: Account) -> None:
    sub_id = account.submit(VECTOR_ADD_OK).json()["id"]
    queue = _queue(client)
    claim = queue.claim("leaving")
    assert claim is not None and queue.release(claim)
    row = _row(client, sub_id)
    assert row.status == "QUEUED" and row.attempts == 0
    assert queue.depth() == {"QUEUED": 1, "RUNNING": 0}


def test_worker_judges_and_heartbeats_keep_a_slow_lease(client: TestClient, account: Account) -> None:
    ctx = client.app.state.ctx
    ctx.settings.lease_seconds = 0.3

    def slow(*args: Any) -> dict[str, Any]:
        time.sleep(1.0)  # longer than the lease: only heartbeats keep it
        return fake_judge(*args)

    sub_id = account.submit(VECTOR_ADD_OK).json()["id"]
    worker = QueueWorker(ctx.engine, ctx.settings, ctx.catalog, judge=slow, name="slowpoke")
    rival = SubmissionQueue(ctx.engine, lease_seconds=0.3, max_attempts=3)
    thread = threading.Thread(target=worker.run)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while _row(client, sub_id).status == "QUEUED" and time.monotonic() < deadline:
            time.sleep(0.01)
        while _row(client, sub_id).status != "ACCEPTED" and time.monotonic() < deadline:
            rival.requeue_expired()
            assert rival.claim("rival") is None  # never stolen while heartbeats run
            time.sleep(0.05)
    finally:
        worker.stop_event.set()
        thread.join()
    row = _row(client, sub_id)
    assert row.status == "ACCEPTED" and row.attempts == 1 and row.worker_id == "slowpoke"


def test_judge_failure_is_an_internal_error(client: TestClient, account: Account) -> None:
    ctx = client.app.state.ctx

    def broken(*_args: Any) -> dict[str, Any]:
        raise RuntimeError("zygote died")

    sub_id = account.submit(VECTOR_ADD_OK).json()["id"]
    worker = QueueWorker(ctx.engine, ctx.settings, ctx.catalog, judge=broken)
    claim = worker.queue.claim(worker.id)
    assert claim is not None
    worker._register()
    worker.process(claim)
    row = _row(client, sub_id)
    assert row.status == "INTERNAL_ERROR" and "zygote died" in row.message


def test_a_sandbox_engine_gone_away_is_judged_again(client: TestClient, account: Account,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A result marked `retry` (the container engine went away mid-judging) goes back to
    the queue; one that keeps failing ends as INTERNAL_ERROR after max_attempts."""
    import app.worker

    monkeypatch.setattr(app.worker, "RETRY_PAUSE_S", 0.0)
    ctx = client.app.state.ctx
    engine_away = {"verdict": "INTERNAL_ERROR", "message": "the engine stopped answering", "tests": [],
                   "timing": {}, "retry": True}
    sub_id = account.submit(VECTOR_ADD_OK).json()["id"]
    worker = QueueWorker(ctx.engine, ctx.settings, ctx.catalog, judge=lambda *_: engine_away)
    worker._register()
    for attempt in (1, 2):
        claim = worker.queue.claim(worker.id)
        assert claim is not None and claim.attempt == attempt
        worker.process(claim)
        row = _row(client, sub_id)
        assert row.status == "QUEUED" and row.attempts == attempt and row.worker_id is None
    worker.judge = fake_judge  # the engine is back
    claim = worker.queue.claim(worker.id)
    assert claim is not None and claim.attempt == 3
    worker.process(claim)
    assert _row(client, sub_id).status == "ACCEPTED"

    other = account.submit(VECTOR_ADD_OK).json()["id"]
    worker.judge = lambda *_: engine_away
    for _ in range(3):
        claim = worker.queue.claim(worker.id)
        assert claim is not None
        worker.process(claim)
    row = _row(client, other)
    assert row.status == "INTERNAL_ERROR" and row.attempts == 3 and "engine" in row.message
    assert worker.queue.claim(worker.id) is None
