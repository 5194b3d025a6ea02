"""The queue with real processes and the real judge: kill -9, restarts, shutdown, load.

`tensordojo serve` runs without embedded workers here; separate `tensordojo
worker` processes judge, as on a scale-out install. Each test runs on SQLite and on
PostgreSQL.
"""

from __future__ import annotations

import re
import signal
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.web.live import LiveServer, Proc, env_for, signup, wait_verdict

pytestmark = pytest.mark.both_databases

ADD = "def solve(a, b):\n    return a + b\n"
# Slow enough (two visible examples) to be caught while RUNNING.
SLOW_ADD = "import time\n\ndef solve(a, b):\n    time.sleep(1.5)\n    return a + b\n"


def _worker(data_dir: Path, name: str, **extra: str) -> Proc:
    return Proc(["worker"], env_for(data_dir, **extra), data_dir.parent / f"{name}.log")


def _wait_status(client: httpx.Client, sub_id: int, status: str, timeout: float = 60.0) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        data = client.get(f"/api/submissions/{sub_id}").json()
        if data["status"] == status:
            return data
        time.sleep(0.05)
    raise AssertionError(f"submission {sub_id} never reached {status}")


def _post(client: httpx.Client, csrf: str, code: str, mode: str = "run") -> int:
    resp = client.post(
        "/api/submissions",
        headers={"X-CSRF-Token": csrf},
        json={"problem": "vector-add", "language": "pytorch", "mode": mode, "code": code},
    )
    assert resp.status_code == 202, resp.text
    return int(resp.json()["id"])


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


def test_kill_9_mid_judging_is_judged_again(data_dir: Path, db_env: dict[str, str]) -> None:
    server = LiveServer(data_dir, workers=0, TENSORDOJO_LEASE_SECONDS="3", **db_env)
    doomed = second = None
    try:
        client = httpx.Client(base_url=server.url, timeout=10)
        csrf = signup(client, "kim")
        sub_id = _post(client, csrf, SLOW_ADD)
        doomed = _worker(data_dir, "doomed", TENSORDOJO_LEASE_SECONDS="3", **db_env)
        running = _wait_status(client, sub_id, "RUNNING")
        assert running["attempts"] == 1
        doomed.popen.send_signal(signal.SIGKILL)
        doomed.popen.wait(10)
        second = _worker(data_dir, "second", TENSORDOJO_LEASE_SECONDS="3", **db_env)
        final = wait_verdict(client, sub_id)
        assert final["verdict"] == "ACCEPTED", final["message"]
        assert final["attempts"] == 2
    finally:
        for proc in (doomed, second):
            if proc:
                proc.stop()
        server.stop()


def test_graceful_worker_shutdown_finishes_the_current_submission(data_dir: Path, db_env: dict[str, str]) -> None:
    server = LiveServer(data_dir, workers=0, **db_env)
    worker = None
    try:
        client = httpx.Client(base_url=server.url, timeout=10)
        csrf = signup(client, "lee")
        sub_id = _post(client, csrf, SLOW_ADD)
        worker = _worker(data_dir, "graceful", **db_env)
        _wait_status(client, sub_id, "RUNNING")
        worker.popen.send_signal(signal.SIGTERM)
        assert worker.popen.wait(60) == 0
        final = client.get(f"/api/submissions/{sub_id}").json()
        assert final["verdict"] == "ACCEPTED" and final["attempts"] == 1
        assert "stopped" in worker.output()
    finally:
        if worker:
            worker.stop()
        server.stop()


def test_web_restart_resumes_queued_work(data_dir: Path, db_env: dict[str, str]) -> None:
    first = LiveServer(data_dir, workers=0, **db_env)
    try:
        client = httpx.Client(base_url=first.url, timeout=10)
        csrf = signup(client, "max")
        ids = [_post(client, csrf, ADD) for _ in range(2)]
    finally:
        first.stop()
    second = LiveServer(data_dir, workers=1, **db_env)
    try:
        client = httpx.Client(base_url=second.url, timeout=10)
        page = client.get("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        client.post("/login", data={"username": "max", "password": "correct horse battery", "csrf_token": token})
        for sub_id in ids:
            assert wait_verdict(client, sub_id)["verdict"] == "ACCEPTED"
    finally:
        second.stop()


@pytest.mark.slow
def test_hundred_submissions_ten_clients_two_workers(data_dir: Path, db_env: dict[str, str]) -> None:
    limits = {"TENSORDOJO_RATE_LIMIT_COUNT": "1000", "TENSORDOJO_SIGNUP_LIMIT_PER_CLIENT": "100", **db_env}
    server = LiveServer(data_dir, workers=0, TENSORDOJO_FIRST_USER_ADMIN="true", **limits)
    workers = [_worker(data_dir, f"load{i}", **limits) for i in range(2)]
    try:
        admin = httpx.Client(base_url=server.url, timeout=30)
        signup(admin, "admin")  # the first account (asked for above): an admin, who may read every submission

        def client_job(n: int) -> list[int]:
            with httpx.Client(base_url=server.url, timeout=30) as client:
                csrf = signup(client, f"user{n}")
                return [
                    _post(client, csrf, ADD if k % 5 else "def solve(a, b):\n    return a - b\n") for k in range(10)
                ]

        with ThreadPoolExecutor(10) as pool:
            ids = [i for chunk in pool.map(client_job, range(10)) for i in chunk]
        assert len(set(ids)) == 100
        deadline = time.monotonic() + 400
        results = {}
        while len(results) < 100 and time.monotonic() < deadline:
            for sub_id in ids:
                if sub_id not in results:
                    data = admin.get(f"/api/submissions/{sub_id}").json()
                    if data["verdict"]:
                        results[sub_id] = data
            time.sleep(1)
        assert len(results) == 100, f"only {len(results)} verdicts"
        verdicts = Counter(r["verdict"] for r in results.values())
        assert verdicts == {"ACCEPTED": 80, "WRONG_ANSWER": 20}, verdicts
        assert all(r["attempts"] == 1 for r in results.values())
    finally:
        for w in workers:
            w.stop()
        server.stop()
    judged = Counter(int(m) for w in workers for m in re.findall(r"judging submission (\d+) ", w.output()))
    assert sorted(judged) == sorted(ids) and set(judged.values()) == {1}  # each judged exactly once
    assert all(re.search(r"judging submission", w.output()) for w in workers)  # both took work
