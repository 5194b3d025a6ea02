"""Three `tensordojo worker` processes on PostgreSQL judge 200 submissions while more
arrive; one is killed (SIGKILL) in the middle of a judgement. Every submission gets
exactly one verdict, none is lost, and only the killed worker's claim is judged twice.

The workers run `tensordojo worker`'s code with a judge that sleeps
(tests/web/sleepy_worker.py): the property is the queue's (atomic claims with FOR
UPDATE SKIP LOCKED, leases, expiry), and 200 real judgements would take minutes here.
"""

from __future__ import annotations

import re
import shutil
import signal
import time
from collections import Counter
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.catalog import Catalog
from app.config import AppSettings
from app.db import make_engine, make_session_factory, migrate
from app.models import Submission, User
from app.models import Worker as WorkerRow
from app.services import create_submission
from app.vocabulary import PENDING
from tests.web.databases import postgres_database
from tests.web.live import ROOT, Proc, env_for

TOTAL = 200
ADD = "def solve(a, b):\n    return a + b\n"
SUB = "def solve(a, b):\n    return a - b\n"
LEASE = "2"


def _queue(
    db: Session, catalog: Catalog, settings: AppSettings, users: list[User], start: int, count: int
) -> list[int]:
    ids = []
    for k in range(start, start + count):
        sub = create_submission(
            db, catalog, settings, users[k % len(users)], "vector-add", "pytorch", "submit", SUB if k % 4 == 0 else ADD
        )
        ids.append(sub.id)
    return ids


def _worker(data_dir: Path, name: str, env: dict[str, str]) -> Proc:
    return Proc([], env_for(data_dir, **env), data_dir.parent / f"{name}.log", module="tests.web.sleepy_worker")


def test_three_workers_two_hundred_submissions_one_killed(tmp_path: Path) -> None:
    bank = tmp_path / "bank"
    shutil.copytree(ROOT / "problems" / "vector-add", bank / "vector-add")
    data_dir = tmp_path / "data"
    with postgres_database() as url:
        env = {
            "TENSORDOJO_DATABASE_URL": url,
            "TENSORDOJO_PROBLEMS_DIR": str(bank),
            "TENSORDOJO_LEASE_SECONDS": LEASE,
            "TENSORDOJO_POLL_INTERVAL_S": "0.05",
            "TDJ_TEST_JUDGE_SLEEP_S": "0.02",
        }
        settings = AppSettings(data_dir=data_dir, database_url=url, problems_dir=bank, rate_limit_count=10_000)
        engine = make_engine(settings)
        migrate(engine, settings)
        catalog = Catalog(bank)
        catalog.reload()
        sessions = make_session_factory(engine)
        workers: list[Proc] = []
        try:
            with sessions() as db:
                users = [User(username=f"learner{i}", username_key=f"learner{i}", password_hash="-", created_at=0.0)
                         for i in range(10)]
                db.add_all(users)
                db.commit()
                ids = _queue(db, catalog, settings, users, 0, TOTAL // 2)
                doomed = _worker(data_dir, "doomed", {**env, "TDJ_TEST_JUDGE_HANG_AFTER": "15"})
                workers = [doomed, _worker(data_dir, "steady-1", env), _worker(data_dir, "steady-2", env)]
                held = _wait_for_hang(db, doomed, timeout=90)
                ids += _queue(db, catalog, settings, users, TOTAL // 2, TOTAL // 2)  # more arrive meanwhile
                doomed.popen.send_signal(signal.SIGKILL)
                doomed.popen.wait(10)
                rows = _wait_all_judged(db, ids, timeout=180)
        finally:
            for proc in workers:
                proc.stop()
            engine.dispose()

    assert len(ids) == len(set(ids)) == TOTAL
    assert Counter(r.status for r in rows.values()) == {"ACCEPTED": 150, "WRONG_ANSWER": 50}
    assert {sid: r.attempts for sid, r in rows.items() if r.attempts != 1} == {held: 2}  # only the killed claim
    finished = Counter(int(m) for w in workers for m in re.findall(r"submission (\d+): [A-Z_]+ \(version", w.output()))
    assert sorted(finished) == sorted(ids) and set(finished.values()) == {1}  # each verdict written once
    started = Counter(int(m) for w in workers for m in re.findall(r"judging submission (\d+) ", w.output()))
    assert {sid: n for sid, n in started.items() if n != 1} == {held: 2}  # none judged twice but the killed one
    assert f"judging submission {held} " in doomed.output() and f"submission {held}: " not in doomed.output()
    assert all(re.search(r"submission \d+: ", w.output()) for w in workers)  # all three took part


def _wait_for_hang(db: Session, doomed: Proc, timeout: float) -> int:
    """The submission the doomed worker is stuck on, once it has judged its share."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if doomed.popen.poll() is not None:
            raise AssertionError("the doomed worker exited early:\n" + doomed.output())
        db.expire_all()
        row = db.execute(select(WorkerRow).where(WorkerRow.pid == doomed.popen.pid)).scalar_one_or_none()
        if row is not None and row.judged >= 15 and row.current_submission_id is not None:
            held = db.get(Submission, row.current_submission_id)
            if held is not None and held.status == "RUNNING" and held.worker_id == row.id:
                return held.id
        time.sleep(0.05)
    raise AssertionError("the doomed worker never got stuck:\n" + doomed.output())


def _wait_all_judged(db: Session, ids: list[int], timeout: float) -> dict[int, Submission]:
    deadline = time.monotonic() + timeout
    while True:
        db.expire_all()
        rows = {r.id: r for r in db.execute(select(Submission).where(Submission.id.in_(ids))).scalars()}
        pending = [sid for sid, r in rows.items() if r.status in PENDING]
        if not pending and len(rows) == len(ids):
            return rows
        if time.monotonic() > deadline:
            raise AssertionError(f"{len(pending)} submissions still pending, e.g. {pending[:5]}")
        time.sleep(0.2)
