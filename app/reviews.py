"""Reviews: solved problems come back at growing intervals (spaced repetition).

A problem enters the learner's schedule when first solved and falls due
`review_intervals_days[0]` days later. A review starts from the Review page and opens the
problem with its starter, not the last code; the learner's next judged Submit of the
problem decides it (Run is free; the judge's own INTERNAL_ERROR does not count):
- ACCEPTED: passed; the problem comes back after the next, longer interval (the last
  interval repeats once they are used up);
- anything else: failed; the schedule starts over from the first interval.

Due dates are app.clock time, so tests move time forward instead of waiting. The
schedule is brought up to date (new solves added, finished reviews decided) whenever the
learner's reviews are looked at (the Review page, the profile, a problem's page, the
API); a solve or a Submit is placed on the schedule's clock then, moved by the clock's
offset in force at that moment (none, unless TENSORDOJO_CLOCK_FILE is set).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from sqlalchemy import Connection, bindparam, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app import prebuilt
from app.catalog import Catalog, ProblemView
from app.config import AppSettings
from app.models import Review, Submission, User
from app.vocabulary import PENDING
from runner.verdicts import Verdict

log = logging.getLogger(__name__)
DAY_S = 86400.0
SUBMIT = "submit"


class ReviewRefused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def interval_s(settings: AppSettings, stage: int) -> float:
    """Seconds until the next review after `stage` reviews passed in a row."""
    days = settings.review_intervals_days
    return days[min(stage, len(days) - 1)] * DAY_S


@dataclass(frozen=True)
class ReviewItem:
    """One problem of the schedule, as the Review page shows it."""

    view: ProblemView
    stage: int
    due_at: float
    due: bool
    in_progress: bool
    last_reviewed_at: float | None
    last_passed: bool | None
    passed: int
    failed: int
    next_interval_days: float  # if this review is passed


def _first_solves(db: Session, user_id: int) -> dict[str, float]:
    rows = db.execute(
        select(Submission.problem_slug, func.min(Submission.created_at))
        .where(
            Submission.user_id == user_id,
            Submission.mode == SUBMIT,
            Submission.status == Verdict.ACCEPTED,
            Submission.rejudge_of.is_(None),
        )
        .group_by(Submission.problem_slug)
    ).all()
    return {slug: float(at) for slug, at in rows}


def _decide(db: Session, row: Review, settings: AppSettings, offset: float) -> bool:
    """Settle a review in progress by the first judged Submit since it started; True if settled."""
    assert row.started_at is not None
    subs = db.execute(
        select(Submission.status, Submission.created_at)
        .where(
            Submission.user_id == row.user_id,
            Submission.problem_slug == row.problem_slug,
            Submission.mode == SUBMIT,
            Submission.rejudge_of.is_(None),
            Submission.created_at >= row.started_at,
            Submission.status != Verdict.INTERNAL_ERROR,
        )
        .order_by(Submission.id)
        .limit(1)
    ).first()
    if subs is None or subs.status in PENDING:
        return False
    decided_at = subs.created_at + offset  # on the schedule's clock
    passed = subs.status == Verdict.ACCEPTED
    row.stage = row.stage + 1 if passed else 0
    row.due_at = decided_at + interval_s(settings, row.stage)
    row.last_reviewed_at = decided_at
    row.last_passed = passed
    row.passed += passed
    row.failed += not passed
    row.started_at = None
    log.info(
        "user %d: review of %s %s; next in %.1f day(s)",
        row.user_id,
        row.problem_slug,
        "passed" if passed else "failed",
        interval_s(settings, row.stage) / DAY_S,
    )
    return True


def sync(db: Session, user: User, settings: AppSettings, now: float, slug: str | None = None) -> dict[str, Review]:
    """The learner's schedule (or one problem's entry), brought up to date: problems solved
    since are added, reviews whose Submit has been judged are decided."""
    offset = now - time.time()
    query = select(Review).where(Review.user_id == user.id)
    if slug is not None:
        query = query.where(Review.problem_slug == slug)
    rows = {row.problem_slug: row for row in db.execute(query).scalars()}
    changed = False
    solves = _first_solves(db, user.id)
    for solved_slug, at in solves.items():
        if solved_slug in rows or (slug is not None and solved_slug != slug):
            continue
        row = Review(
            user_id=user.id,
            problem_slug=solved_slug,
            stage=0,
            due_at=at + offset + interval_s(settings, 0),
            passed=0,
            failed=0,
        )
        db.add(row)
        rows[solved_slug] = row
        changed = True
    for row in rows.values():
        if row.started_at is not None and _decide(db, row, settings, offset):
            changed = True
    if changed:
        try:
            db.commit()
        except IntegrityError:  # another request of the learner's added them just now
            db.rollback()
            return sync(db, user, settings, now, slug)
    return rows


def schedule(db: Session, user: User, catalog: Catalog, settings: AppSettings, now: float) -> list[ReviewItem]:
    """Every problem of the schedule still in the bank: due ones first (most overdue
    first), then by due date."""
    items = []
    for slug, row in sync(db, user, settings, now).items():
        view = catalog.get(slug)
        if view is None:
            continue
        items.append(
            ReviewItem(
                view=view,
                stage=row.stage,
                due_at=row.due_at,
                due=row.due_at <= now or row.started_at is not None,
                in_progress=row.started_at is not None,
                last_reviewed_at=row.last_reviewed_at,
                last_passed=row.last_passed,
                passed=row.passed,
                failed=row.failed,
                next_interval_days=interval_s(settings, row.stage + 1) / DAY_S,
            )
        )
    return sorted(items, key=lambda item: (not item.due, item.due_at, item.view.slug))


def in_progress(db: Session, user: User | None, slug: str, settings: AppSettings, now: float) -> Review | None:
    """The learner's review of this problem under way, if any (decided ones are settled first)."""
    if user is None:
        return None
    row = sync(db, user, settings, now, slug).get(slug)
    return row if row is not None and row.started_at is not None else None


def start(db: Session, user: User, slug: str, settings: AppSettings, now: float) -> Review:
    """Start the review of a due problem: the learner's next judged Submit decides it."""
    row = sync(db, user, settings, now, slug).get(slug)
    if row is None:
        raise ReviewRefused(404, f"{slug!r} is not in your reviews: solve it first")
    if row.started_at is None:
        if row.due_at > now:
            days = (row.due_at - now) / DAY_S
            raise ReviewRefused(409, f"{slug} is not due yet: it comes back in {days:.1f} day(s)")
        row.started_at = time.time()  # compared with submissions' wall-clock times
        db.commit()
    return row


def due_count(db: Session, user: User, catalog: Catalog, settings: AppSettings, now: float) -> int:
    return sum(1 for item in schedule(db, user, catalog, settings, now) if item.due)


_REVIEWS, _SUBMISSIONS = Review.__table__, Submission.__table__
# Built once, on plain columns: every signed-in view of a problem page runs it. The
# review's start, and the verdict of the first Submit since (the one that decides it).
_UNDER_WAY = select(
    _REVIEWS.c.started_at,
    select(_SUBMISSIONS.c.status)
    .where(
        _SUBMISSIONS.c.user_id == bindparam("user_id"),
        _SUBMISSIONS.c.problem_slug == bindparam("slug"),
        _SUBMISSIONS.c.mode == SUBMIT,
        _SUBMISSIONS.c.rejudge_of.is_(None),
        _SUBMISSIONS.c.created_at >= _REVIEWS.c.started_at,
        _SUBMISSIONS.c.status != Verdict.INTERNAL_ERROR,
    )
    .order_by(_SUBMISSIONS.c.id)
    .limit(1)
    .scalar_subquery(),
).where(_REVIEWS.c.user_id == bindparam("user_id"), _REVIEWS.c.problem_slug == bindparam("slug"))


def under_way(conn: Session | Connection, user_id: int, slug: str) -> bool:
    """Whether a review of this problem is started and not decided yet, by reads alone
    (the problem page reads on a read-only connection; deciding is left to `sync`)."""
    row = prebuilt.first(conn, _UNDER_WAY, {"user_id": user_id, "slug": slug})
    if row is None or row[0] is None:
        return False
    decider = row[1]
    return decider is None or decider in PENDING
