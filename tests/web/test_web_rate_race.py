"""The Run/Submit limit and the login/sign-up counters hold under concurrency: 20
parallel requests of one user against a limit of 10 get exactly 10 accepted, also
when they are spread over two server processes sharing the database.

Each race runs on SQLite (in a temp dir) and on PostgreSQL (tests/web/databases.py).
"""

from __future__ import annotations

import threading
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from app import ratelimit
from app.config import AppSettings
from app.db import make_engine, migrate
from app.models import Submission, User
from tests.web.live import LiveServer, signup

pytestmark = pytest.mark.both_databases
LIMIT = 10
ADD = "def solve(a, b):\n    return a + b\n"


def test_twenty_parallel_submissions_over_two_processes_get_exactly_ten(tmp_path: Path, db_env: dict[str, str]) -> None:
    data_dir = tmp_path / "data"
    env = {"TENSORDOJO_RATE_LIMIT_COUNT": str(LIMIT), **db_env}
    first = LiveServer(data_dir, workers=0, **env)
    second = LiveServer(data_dir, workers=0, **env)
    name = f"racer-{uuid.uuid4().hex[:8]}"
    try:
        with httpx.Client(base_url=first.url, timeout=60) as browser:
            csrf = signup(browser, name)
            cookies = dict(browser.cookies)
        start = threading.Barrier(20)

        def post(n: int) -> int:
            base = first.url if n % 2 else second.url
            with httpx.Client(base_url=base, cookies=cookies, timeout=60) as client:
                client.get("/api/health")  # connect first: the posts then arrive together
                start.wait()
                resp = client.post(
                    "/api/submissions",
                    json={"problem": "vector-add", "language": "pytorch", "mode": "run", "code": ADD},
                    headers={"X-CSRF-Token": csrf},
                )
                return resp.status_code

        with ThreadPoolExecutor(20) as pool:
            statuses = Counter(pool.map(post, range(20)))
    finally:
        first.stop()
        second.stop()
    assert statuses == {202: LIMIT, 429: 20 - LIMIT}, statuses
    settings = AppSettings(data_dir=data_dir, database_url=env.get("TENSORDOJO_DATABASE_URL"))
    with make_engine(settings).connect() as conn:
        stored = conn.execute(
            select(func.count()).select_from(Submission).join(User).where(User.username == name)
        ).scalar_one()
    assert stored == LIMIT


def test_rate_counter_slots_are_exact_under_threads(tmp_path: Path, database_url: str | None) -> None:
    threads = 32
    settings = AppSettings(data_dir=tmp_path / "data", database_url=database_url)
    engine = make_engine(settings)
    migrate(engine, settings)
    key = f"race-{uuid.uuid4().hex}"
    start = threading.Barrier(threads)

    def take(_: int) -> bool:
        start.wait()
        return ratelimit.take(engine, key, LIMIT, 3600) is None

    with ThreadPoolExecutor(threads) as pool:
        allowed = sum(pool.map(take, range(threads)))
    assert allowed == LIMIT
    engine.dispose()


def test_twenty_threads_submitting_at_once_get_exactly_ten(tmp_path: Path, database_url: str | None) -> None:
    """The same race without HTTP in between: the window between counting and inserting
    is as narrow as it gets, and the limit must still be exact."""
    from app.catalog import Catalog
    from app.db import make_session_factory
    from app.services import SubmissionRejected, create_submission
    from tests.web.live import ROOT

    settings = AppSettings(
        data_dir=tmp_path / "data",
        problems_dir=ROOT / "problems",
        rate_limit_count=LIMIT,
        database_url=database_url,
    )
    engine = make_engine(settings)
    migrate(engine, settings)
    catalog = Catalog(settings.problems_dir)
    catalog.reload()
    sessions = make_session_factory(engine)
    name = f"threads-{uuid.uuid4().hex[:8]}"
    with sessions() as db:
        db.add(User(username=name, username_key=name, password_hash="-", is_admin=False, created_at=0.0))
        db.commit()
    start = threading.Barrier(20)

    def submit(_: int) -> str:
        with sessions() as db:
            user = db.execute(select(User).where(User.username == name)).scalar_one()
            start.wait()
            try:
                create_submission(db, catalog, settings, user, "vector-add", "pytorch", "run", ADD)
            except SubmissionRejected as exc:
                return str(exc.status)
            return "queued"

    with ThreadPoolExecutor(20) as pool:
        outcomes = Counter(pool.map(submit, range(20)))
    engine.dispose()
    assert outcomes == {"queued": LIMIT, "429": 20 - LIMIT}, outcomes
