"""The judging queue, which is the submissions table.

A claim is an atomic conditional UPDATE (… RETURNING on SQLite, FOR UPDATE SKIP
LOCKED on PostgreSQL) that turns one QUEUED row into RUNNING with a lease token
and an expiry. Every later write by the worker is conditional on that token, so
a worker whose lease was taken over can never overwrite the newer attempt.

Claims go by priority, then age: learners' submissions (priority 0) before background
re-judges (priority 10). A worker claims only what it can judge: a submission may ask
for a device (`requested_device`: "cpu", "cuda" for any GPU, or "cuda:<GPU model>"
exactly as workers advertise it); one that asks for none goes to any worker.
"""

from __future__ import annotations

import json
import logging
import secrets
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Engine, Update, func, select, text, update

from app.config import AppSettings
from app.models import Submission
from app.vocabulary import PENDING
from runner.verdicts import SubmissionState, Verdict

log = logging.getLogger(__name__)

QUEUED = SubmissionState.QUEUED
RUNNING = SubmissionState.RUNNING
# Back in the queue as if never claimed: the attempt does not count.
_UNCLAIMED = {
    "status": QUEUED,
    "attempts": Submission.attempts - 1,
    "worker_id": None,
    "lease_token": None,
    "lease_expires_at": None,
    "started_at": None,
}


@dataclass(frozen=True)
class Claim:
    """What a worker needs to judge one submission and to report back."""

    submission_id: int
    token: str
    attempt: int
    problem_slug: str
    language: str
    mode: str
    code: str
    rejudge_of: int | None = None


CPU = "cpu"
ANY_GPU = "cuda"


def device_classes(device: str) -> tuple[str, ...]:
    """The requested devices a worker judging on `device` serves: a CPU worker "cpu"; a
    GPU worker ("cuda:<model>") "cuda" and its own model."""
    if device == CPU:
        return (CPU,)
    return (ANY_GPU, device)


def can_judge(worker_device: str, requested: str | None) -> bool:
    """Whether a worker judging on `worker_device` may take a submission asking for `requested`."""
    return requested is None or requested in device_classes(worker_device)


class SubmissionQueue:
    """Claim, heartbeat, finish and release operations on the submissions table."""

    def __init__(self, engine: Engine, *, lease_seconds: float, max_attempts: int) -> None:
        self.engine = engine
        self.lease_seconds = lease_seconds
        self.max_attempts = max_attempts
        self._postgres = engine.dialect.name == "postgresql"

    @classmethod
    def for_settings(cls, engine: Engine, settings: AppSettings) -> SubmissionQueue:
        return cls(engine, lease_seconds=settings.lease_seconds, max_attempts=settings.max_attempts)

    def claim(self, worker_id: str, device: str | None = None) -> Claim | None:
        """Take the most urgent queued submission this worker can judge (learners' first,
        then the oldest), or None when there is none.

        `device`: what the worker judges on ("cpu" or "cuda:<model>"); None takes anything
        (a worker that does not say what it judges on)."""
        token = secrets.token_hex(16)
        now = time.time()
        lock = " FOR UPDATE SKIP LOCKED" if self._postgres else ""
        params: dict[str, Any] = {
            "running": RUNNING,
            "queued": QUEUED,
            "worker": worker_id,
            "token": token,
            "expires": now + self.lease_seconds,
            "now": now,
        }
        servable = ""
        if device is not None:
            classes = device_classes(device)
            params.update({f"device{i}": name for i, name in enumerate(classes)})
            names = ", ".join(f":device{i}" for i in range(len(classes)))
            servable = f"AND (requested_device IS NULL OR requested_device IN ({names})) "
        sql = text(
            "UPDATE submissions SET status = :running, worker_id = :worker, "
            "lease_token = :token, lease_expires_at = :expires, attempts = attempts + 1, "
            "started_at = :now "
            "WHERE id = (SELECT id FROM submissions WHERE status = :queued "
            f"{servable}ORDER BY priority, id LIMIT 1{lock}) AND status = :queued "
            "RETURNING id, attempts, problem_slug, language, mode, code, rejudge_of"
        )
        with self.engine.begin() as conn:
            row = conn.execute(sql, params).first()
        if row is None:
            return None
        return Claim(
            submission_id=row.id,
            token=token,
            attempt=row.attempts,
            problem_slug=row.problem_slug,
            language=row.language,
            mode=row.mode,
            code=row.code,
            rejudge_of=row.rejudge_of,
        )

    def heartbeat(self, claim: Claim) -> bool:
        """Extend the lease; False when the claim was lost (expired and taken over)."""
        return self._write(_held(claim).values(lease_expires_at=time.time() + self.lease_seconds)) == 1

    def finish(self, claim: Claim, result: dict[str, Any], problem_version: str | None = None) -> bool:
        """Write the verdict and the problem version it was judged against; False when
        this worker no longer holds the claim."""
        timing = result.get("timing") or {}
        values: dict[str, Any] = {
            "problem_version": problem_version,
            "status": str(result["verdict"]),
            "message": str(result.get("message", "")),
            "result_json": json.dumps(result, default=str),
            "device": result.get("device"),
            "user_ms": _float_or_none(timing.get("user_ms")),
            "reference_ms": _float_or_none(timing.get("reference_ms")),
            "finished_at": time.time(),
            "lease_token": None,
            "lease_expires_at": None,
        }
        if self._write(_held(claim).values(**values)) != 1:
            log.warning(
                "submission %s: claim lost before the verdict was written",
                claim.submission_id,
            )
            return False
        return True

    def release(self, claim: Claim) -> bool:
        """Hand a claimed submission back untouched (graceful shutdown): the attempt
        does not count, since the judge never finished it."""
        return self._write(_held(claim).values(**_UNCLAIMED)) == 1

    def retry(self, claim: Claim) -> bool:
        """Back in the queue for another attempt (the judge failed through no fault of
        the code: its sandbox's engine went away); the attempt counts, so a judge that
        keeps failing ends in the caller's INTERNAL_ERROR. False: no attempt left, or
        the claim was lost."""
        if claim.attempt >= self.max_attempts:
            return False
        return self._write(_held(claim).values(status=QUEUED, worker_id=None, lease_token=None,
                                               lease_expires_at=None, started_at=None)) == 1

    def release_worker(self, worker_id: str) -> int:
        """Release everything a worker still holds (it is shutting down)."""
        held = (Submission.worker_id == worker_id) & _running()
        return self._write(update(Submission).where(held).values(**_UNCLAIMED))

    def requeue_expired(self) -> tuple[int, int]:
        """Re-queue RUNNING rows whose lease expired; give up after max_attempts.

        Returns (re-queued, failed)."""
        now = time.time()
        expired = _running() & (Submission.lease_expires_at < now)
        with self.engine.begin() as conn:
            failed = conn.execute(
                update(Submission)
                .where(expired, Submission.attempts >= self.max_attempts)
                .values(
                    status=Verdict.INTERNAL_ERROR,
                    message=(
                        f"judging stopped {self.max_attempts} times without a verdict "
                        "(the worker's lease expired each time: it crashed or was killed); "
                        "this is the judge's fault, not your code's - please submit again"
                    ),
                    finished_at=now,
                    lease_token=None,
                    lease_expires_at=None,
                )
            ).rowcount
            requeued = conn.execute(
                update(Submission)
                .where(expired, Submission.attempts < self.max_attempts)
                .values(
                    status=QUEUED,
                    worker_id=None,
                    lease_token=None,
                    lease_expires_at=None,
                )
            ).rowcount
        if requeued or failed:
            log.warning("expired leases: %d re-queued, %d given up", requeued, failed)
        return requeued, failed

    def depth(self) -> dict[str, int]:
        """How many submissions are in each pending state (all of them listed, zero or not)."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(Submission.status, func.count())
                .where(Submission.status.in_(PENDING))
                .group_by(Submission.status)
            ).all()
        counts: dict[str, int] = dict.fromkeys(PENDING, 0)
        counts.update({SubmissionState(status): n for status, n in rows})
        return counts

    def _write(self, statement: Update) -> int:
        """Run one UPDATE in its own transaction; how many rows it changed."""
        with self.engine.begin() as conn:
            return conn.execute(statement).rowcount


def _running() -> ColumnElement[bool]:
    return Submission.status == RUNNING


def _held(claim: Claim) -> Update:
    """An UPDATE of the claimed row that matches only while this claim still holds it."""
    return update(Submission).where(
        Submission.id == claim.submission_id, Submission.lease_token == claim.token, _running()
    )


def _float_or_none(value: Any) -> float | None:
    try:
        return None if value is None else float(value)
    except (TypeError, ValueError):
        return None
