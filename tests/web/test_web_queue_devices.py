"""Device classes in the queue: each worker advertises what it judges on and claims only
what it can judge there; a submission may ask for a device. On SQLite and PostgreSQL."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from app.models import Submission
from app.models import Worker as WorkerRow
from app.queue import SubmissionQueue, can_judge
from app.worker import QueueWorker
from tests.web.support import VECTOR_ADD_OK, Account, fake_judge

pytestmark = pytest.mark.both_databases
H200 = "cuda:NVIDIA H200"
A100 = "cuda:NVIDIA A100-SXM4-80GB"


def _worker(client: TestClient, device: str, name: str) -> QueueWorker:
    """A registered worker judging on `device` (as `tensordojo worker` registers itself)."""
    ctx = client.app.state.ctx
    worker = QueueWorker(ctx.engine, ctx.settings, ctx.catalog, judge=fake_judge, name=name, device=device)
    worker._register()
    return worker


def test_who_may_judge_what() -> None:
    assert can_judge("cpu", None) and can_judge(H200, None)
    assert can_judge("cpu", "cpu") and not can_judge(H200, "cpu")
    assert can_judge(H200, "cuda") and can_judge(H200, H200)
    assert not can_judge("cpu", "cuda") and not can_judge("cpu", H200) and not can_judge(A100, H200)


def test_workers_claim_only_what_they_can_judge(client: TestClient, account: Account) -> None:
    cpu, h200, a100 = _worker(client, "cpu", "cpu-1"), _worker(client, H200, "h200-1"), _worker(client, A100, "a100-1")
    ids = {}
    for device in (H200, "cuda", "cpu", None):
        resp = account.submit(VECTOR_ADD_OK, device=device)
        assert resp.status_code == 202, resp.text
        assert resp.json()["requested_device"] == device
        ids[device] = resp.json()["id"]
    queue: SubmissionQueue = cpu.queue
    assert queue.claim(cpu.id, cpu.device).submission_id == ids["cpu"]  # the oldest it may take
    assert queue.claim(cpu.id, cpu.device).submission_id == ids[None]
    assert queue.claim(cpu.id, cpu.device) is None  # GPU work stays for GPU workers
    assert queue.claim(a100.id, a100.device).submission_id == ids["cuda"]  # any GPU, not the H200's
    assert queue.claim(a100.id, a100.device) is None
    assert queue.claim(h200.id, h200.device).submission_id == ids[H200]


def test_a_worker_advertises_its_device_and_judges_on_it(client: TestClient, account: Account) -> None:
    ctx = client.app.state.ctx
    worker = QueueWorker(ctx.engine, ctx.settings, ctx.catalog, judge=fake_judge, name="plain")
    assert worker.device == "cpu"  # TENSORDOJO_DEVICE=cpu in these tests
    worker._register()
    with ctx.sessions() as db:
        assert db.get(WorkerRow, "plain").device == "cpu"
    devices = account.client.get("/api/devices").json()
    assert devices == [{"device": "cpu", "workers": 1}]


def test_asking_for_a_device_nobody_judges_on_is_refused(client: TestClient, account: Account) -> None:
    nothing = account.submit(VECTOR_ADD_OK, device="cuda")
    assert nothing.status_code == 400 and "no worker judges on cuda now (workers judge on: none)" in nothing.text
    _worker(client, "cpu", "cpu-1")
    assert account.submit(VECTOR_ADD_OK, device="cpu").status_code == 202
    refused = account.submit(VECTOR_ADD_OK, device=H200)
    assert refused.status_code == 400 and "workers judge on: cpu" in refused.json()["detail"]
    bad = account.submit(VECTOR_ADD_OK, device="tpu")
    assert bad.status_code == 400 and "unknown device 'tpu'" in bad.json()["detail"]
    with client.app.state.ctx.sessions() as db:  # a worker gone quiet (or stopped) no longer counts
        db.execute(update(WorkerRow).values(last_heartbeat=time.time() - 3600))
        db.commit()
    assert account.submit(VECTOR_ADD_OK, device="cpu").status_code == 400
    assert account.submit(VECTOR_ADD_OK).status_code == 202  # asking for nothing always queues


def test_the_verdict_records_the_device_and_version_it_was_judged_on(client: TestClient, account: Account) -> None:
    worker = _worker(client, "cpu", "cpu-1")
    sub_id = account.submit(VECTOR_ADD_OK, device="cpu").json()["id"]
    claim = worker.queue.claim(worker.id, worker.device)
    assert claim is not None
    worker.process(claim)
    with client.app.state.ctx.sessions() as db:
        row = db.execute(select(Submission).where(Submission.id == sub_id)).scalar_one()
    assert (row.status, row.device, row.problem_version) == (
        "ACCEPTED",
        "cpu",
        client.app.state.ctx.catalog.get("vector-add").version,
    )
