"""Per-problem acceptance figures, cached for a few seconds so list pages stay cheap.

Learners' submissions only: background re-judges are not attempts."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from sqlalchemy import Engine, case, func, select

from app.models import Submission
from app.vocabulary import PENDING
from runner.verdicts import Verdict


@dataclass(frozen=True)
class ProblemStats:
    submissions: int  # finished Submit-mode submissions
    accepted: int
    solvers: int  # distinct users with an accepted submission

    @property
    def acceptance(self) -> float | None:
        return self.accepted / self.submissions if self.submissions else None


class StatsCache:
    def __init__(self, ttl_s: float = 3.0) -> None:
        self.ttl_s = ttl_s
        self._lock = threading.Lock()
        self._at = 0.0
        self._data: dict[str, ProblemStats] = {}

    def fresh(self) -> dict[str, ProblemStats] | None:
        """The figures while they are fresh, else None; never touches the database, so an
        async page can read them on the event loop and refresh them in a thread."""
        return self._data if time.monotonic() - self._at < self.ttl_s else None

    def get(self, engine: Engine) -> dict[str, ProblemStats]:
        now = time.monotonic()
        if now - self._at < self.ttl_s:
            return self._data
        with self._lock:
            if now - self._at >= self.ttl_s:
                self._data = _compute(engine)
                self._at = time.monotonic()
        return self._data

    def invalidate(self) -> None:
        self._at = 0.0


def _compute(engine: Engine) -> dict[str, ProblemStats]:
    accepted = Submission.status == Verdict.ACCEPTED
    query = (
        select(
            Submission.problem_slug,
            func.count(),
            func.sum(case((accepted, 1), else_=0)),
            func.count(func.distinct(case((accepted, Submission.user_id), else_=None))),
        )
        .where(Submission.mode == "submit", Submission.status.not_in(PENDING), Submission.rejudge_of.is_(None))
        .group_by(Submission.problem_slug)
    )
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    return {slug: ProblemStats(int(n), int(acc or 0), int(solvers)) for slug, n, acc, solvers in rows}
