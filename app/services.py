"""Submissions and the queries pages and API share (validation, progress, leaderboards)."""

from __future__ import annotations

import datetime as dt
import json
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, bindparam, case, func, select, update
from sqlalchemy.orm import Session

from app import prebuilt
from app.catalog import Catalog
from app.config import AppSettings
from app.models import PRIORITY_LEARNER, Submission, User
from app.models import Worker as WorkerRow
from app.queue import ANY_GPU, CPU, can_judge
from app.vocabulary import is_pending
from runner.verdicts import SubmissionState, Verdict

MODES = ("run", "submit")
DEVICE_HELP = 'null (any worker), "cpu", "cuda" (any GPU) or "cuda:<GPU model>" as GET /api/devices lists it'
_ALLOWED_CONTROL = {"\t", "\n", "\r", "\f"}


class SubmissionRejected(Exception):
    """Bad input or a limit hit: an HTTP status and a message for the learner."""

    def __init__(self, status: int, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.retry_after = retry_after


def live_devices(db: Session, settings: AppSettings) -> dict[str, int]:
    """What the workers seen lately judge on: device -> how many workers."""
    since = time.time() - max(60.0, 2 * settings.lease_seconds)
    rows = db.execute(
        select(WorkerRow.device, func.count())
        .where(WorkerRow.state != "stopped", WorkerRow.last_heartbeat >= since, WorkerRow.device.is_not(None))
        .group_by(WorkerRow.device)
        .order_by(WorkerRow.device)
    ).all()
    return {device: int(n) for device, n in rows}


def check_device(db: Session, settings: AppSettings, requested: Any) -> str | None:
    """The device a submission asks for, checked: well formed and judged by some live
    worker (otherwise it would wait for ever). None or "" asks for any worker."""
    if requested is None or requested == "":
        return None
    if not isinstance(requested, str) or not (
        requested in (CPU, ANY_GPU) or (requested.startswith(f"{ANY_GPU}:") and len(requested) <= 100)
    ):
        raise SubmissionRejected(400, f"unknown device {requested!r}: use {DEVICE_HELP}")
    devices = live_devices(db, settings)
    if not any(can_judge(device, requested) for device in devices):
        available = ", ".join(devices) or "none"
        raise SubmissionRejected(
            400, f"no worker judges on {requested} now (workers judge on: {available}); ask for another device"
        )
    return requested


def validate_submission(
    catalog: Catalog,
    settings: AppSettings,
    slug: str,
    language: str,
    mode: str,
    code: Any,
) -> None:
    """Reject anything the judge should never see, with a message that says why."""
    view = catalog.get(slug)
    if view is None:
        raise SubmissionRejected(404, f"unknown problem {slug!r}")
    if language not in view.languages:
        raise SubmissionRejected(
            400,
            f"unknown language {language!r} for {slug}: choose one of {', '.join(view.languages)}",
        )
    if mode not in MODES:
        raise SubmissionRejected(400, f"unknown mode {mode!r}: use 'run' or 'submit'")
    if not isinstance(code, str):
        raise SubmissionRejected(400, "code must be a string of Python source")
    try:
        size = len(code.encode("utf-8"))
    except UnicodeEncodeError:
        raise SubmissionRejected(400, "code is not valid UTF-8 text") from None
    if size > settings.max_code_bytes:
        raise SubmissionRejected(
            413,
            f"code is {size} bytes; the limit is {settings.max_code_bytes} bytes "
            f"({settings.max_code_bytes // 1024} KiB)",
        )
    if not code.strip():
        raise SubmissionRejected(400, "code is empty: write a solution first")
    bad = next((ch for ch in code if (ch < " " and ch not in _ALLOWED_CONTROL) or ch == "\x7f"), None)
    if bad is not None:
        raise SubmissionRejected(
            400,
            f"code contains binary data (control character U+{ord(bad):04X} at character {code.index(bad)}): "
            "paste Python source text",
        )


def create_submission(
    db: Session,
    catalog: Catalog,
    settings: AppSettings,
    user: User,
    slug: str,
    language: str,
    mode: str,
    code: Any,
    device: Any = None,
) -> Submission:
    """Validate, apply the rate limit and queue one submission (one transaction).

    `device`: which workers may judge it (see DEVICE_HELP); None: any.

    The transaction starts by writing the user's row: PostgreSQL then holds that row's
    lock and SQLite its single writer lock until the commit, so concurrent requests of
    one user, in any number of processes, count and insert one after the other and the
    limit holds exactly."""
    validate_submission(catalog, settings, slug, language, mode, code)
    requested_device = check_device(db, settings, device)
    now = time.time()
    if db.in_transaction():
        db.commit()  # whatever was read so far: the count below must see the newest rows
    locked = db.execute(
        update(User).where(User.id == user.id, User.disabled.is_(False)).values(last_active_at=now)
    ).rowcount
    if not locked:
        db.rollback()
        raise SubmissionRejected(403, "this account is disabled")
    window_start = now - settings.rate_limit_window_s
    recent = (
        db.execute(
            select(Submission.created_at)
            .where(
                Submission.user_id == user.id,
                Submission.created_at >= window_start,
                Submission.rejudge_of.is_(None),  # re-judges are the server's doing, not the learner's
            )
            .order_by(Submission.created_at)
        )
        .scalars()
        .all()
    )
    if len(recent) >= settings.rate_limit_count:
        db.rollback()
        wait = max(
            1,
            int(recent[-settings.rate_limit_count] + settings.rate_limit_window_s - now + 0.999),
        )
        raise SubmissionRejected(
            429,
            f"too many submissions: at most {settings.rate_limit_count} Run/Submit per "
            f"{settings.rate_limit_window_s:g} s; try again in {wait} s",
            retry_after=wait,
        )
    sub = Submission(
        user_id=user.id,
        problem_slug=slug,
        language=language,
        mode=mode,
        code=code,
        status=SubmissionState.QUEUED,
        message="",
        attempts=0,
        created_at=now,
        priority=PRIORITY_LEARNER,
        requested_device=requested_device,
    )
    db.add(sub)
    db.commit()
    return sub


def submission_dict(sub: Submission, *, with_code: bool = True) -> dict[str, Any]:
    """The API shape of a submission; `result` is the judge's JSON once finished."""
    data: dict[str, Any] = {
        "id": sub.id,
        "problem": sub.problem_slug,
        "language": sub.language,
        "mode": sub.mode,
        "status": sub.status,
        "verdict": None if is_pending(sub.status) else sub.status,
        "message": sub.message,
        "attempts": sub.attempts,
        "device": sub.device,
        "user_ms": sub.user_ms,
        "reference_ms": sub.reference_ms,
        "created_at": sub.created_at,
        "finished_at": sub.finished_at,
        "result": json.loads(sub.result_json) if sub.result_json else None,
        "problem_version": sub.problem_version,
        "requested_device": sub.requested_device,
        "rejudge_of": sub.rejudge_of,
    }
    if with_code:
        data["code"] = sub.code
    return data


_SUB = Submission.__table__.c  # plain columns: these reads skip the ORM's per-statement work
# Built once: the list and problem pages run these on every signed-in view.
_MARKS = (
    select(_SUB.problem_slug, func.max(case((_SUB.status == Verdict.ACCEPTED, 1), else_=0)))
    .where(_SUB.user_id == bindparam("user_id"), _SUB.mode == "submit", _SUB.rejudge_of.is_(None))
    .group_by(_SUB.problem_slug)
)
_LAST_CODE = select(_SUB.language, _SUB.code).where(
    _SUB.id.in_(
        select(func.max(_SUB.id))
        .where(
            _SUB.user_id == bindparam("user_id"), _SUB.problem_slug == bindparam("slug"), _SUB.rejudge_of.is_(None)
        )
        .group_by(_SUB.language)
    )
)


def user_marks(db: Session | Connection, user: User | None) -> tuple[set[str], set[str]]:
    """(solved slugs, attempted slugs) for the problem list."""
    if user is None:
        return set(), set()
    rows = prebuilt.rows(db, _MARKS, {"user_id": user.id})
    solved = {slug for slug, ok in rows if ok}
    return solved, {slug for slug, _ in rows}


def last_code(db: Session | Connection, user: User | None, slug: str) -> dict[str, str]:
    """The user's most recent code per language for this problem."""
    if user is None:
        return {}
    return dict(prebuilt.rows(db, _LAST_CODE, {"user_id": user.id, "slug": slug}))


def user_submissions(db: Session, user: User, slug: str | None = None, limit: int = 50) -> list[Submission]:
    """The learner's own submissions, newest first (re-judges show on their original's page)."""
    query = select(Submission).where(Submission.user_id == user.id, Submission.rejudge_of.is_(None))
    if slug:
        query = query.where(Submission.problem_slug == slug)
    return list(db.execute(query.order_by(Submission.id.desc()).limit(limit)).scalars())


@dataclass(frozen=True)
class LeaderEntry:
    """One row of a leaderboard (also the API's shape of it). `submission_id` opens only
    for its author and admins."""

    rank: int
    username: str
    language: str
    device: str
    user_ms: float
    reference_ms: float | None
    submission_id: int
    finished_at: float | None


def leaderboard(
    db: Session,
    slug: str,
    version: str,
    language: str | None = None,
    device: str | None = None,
    limit: int = 100,
) -> list[LeaderEntry]:
    """Fastest accepted Submit per user, language and device, fastest first; only verdicts
    judged on `version` (the problem's current one) count, re-judges included. Learners
    who read the editorial before solving the problem are not listed."""
    from app.editorials import not_revealed_to_author

    query = (
        select(Submission, User.username)
        .join(User, User.id == Submission.user_id)
        .where(
            Submission.problem_slug == slug,
            Submission.mode == "submit",
            Submission.status == Verdict.ACCEPTED,
            Submission.user_ms.is_not(None),
            Submission.problem_version == version,
            not_revealed_to_author(),
        )
        .order_by(Submission.user_ms, Submission.id)
    )
    if language:
        query = query.where(Submission.language == language)
    if device:
        query = query.where(Submission.device == device)
    seen: set[tuple[int, str, str]] = set()
    entries: list[LeaderEntry] = []
    for sub, username in db.execute(query):
        key = (sub.user_id, sub.language, sub.device or "")
        if key in seen:
            continue
        seen.add(key)
        entries.append(
            LeaderEntry(
                len(entries) + 1,
                username,
                sub.language,
                sub.device or "",
                float(sub.user_ms),
                sub.reference_ms,
                sub.id,
                sub.finished_at,
            )
        )
        if len(entries) >= limit:
            break
    return entries


def progress(db: Session, catalog: Catalog, user: User) -> dict[str, Any]:
    """Solved counts by topic and difficulty against the bank's totals."""
    solved, attempted = user_marks(db, user)
    problems = catalog.snapshot.problems
    by_topic: dict[str, list[int]] = {}
    by_difficulty: dict[str, list[int]] = {d: [0, 0] for d in ("easy", "medium", "hard")}
    for slug, view in problems.items():
        ok = slug in solved
        for topic in view.topics:
            counts = by_topic.setdefault(topic, [0, 0])
            counts[0] += ok
            counts[1] += 1
        counts = by_difficulty.setdefault(view.difficulty, [0, 0])
        counts[0] += ok
        counts[1] += 1
    return {
        "solved": len(solved & problems.keys()),
        "attempted": len(attempted & problems.keys()),
        "total": len(problems),
        "by_topic": {k: {"solved": v[0], "total": v[1]} for k, v in sorted(by_topic.items())},
        "by_difficulty": {k: {"solved": v[0], "total": v[1]} for k, v in by_difficulty.items()},
    }


def leaderboard_devices(db: Session, slug: str, version: str) -> list[str]:
    """The devices accepted submissions of the current version were judged on ("cpu",
    "cuda:<GPU model>"): the choices of the leaderboard's device filter."""
    rows = db.execute(
        select(Submission.device)
        .where(
            Submission.problem_slug == slug,
            Submission.mode == "submit",
            Submission.status == Verdict.ACCEPTED,
            Submission.problem_version == version,
            Submission.device.is_not(None),
        )
        .distinct()
    ).scalars()
    return sorted(rows, key=lambda device: (device != "cpu", device))


def device_label(device: str) -> str:
    """"cuda:NVIDIA H100" -> "NVIDIA H100"; "cpu" stays."""
    return device.split(":", 1)[1] if device.startswith("cuda:") else device


def daily_activity(db: Session, user: User, since: float) -> dict[dt.date, tuple[int, int]]:
    """(submissions, accepted Submits) of the learner per UTC day since `since`: what the
    profile's calendar shows. Runs count as activity; re-judges are not the learner's."""
    rows = db.execute(
        select(Submission.created_at, Submission.mode, Submission.status).where(
            Submission.user_id == user.id, Submission.created_at >= since, Submission.rejudge_of.is_(None)
        )
    ).all()
    days: dict[dt.date, tuple[int, int]] = {}
    for created_at, mode, status in rows:
        day = dt.datetime.fromtimestamp(created_at, dt.UTC).date()
        count, accepted = days.get(day, (0, 0))
        days[day] = (count + 1, accepted + (mode == "submit" and status == Verdict.ACCEPTED))
    return days
