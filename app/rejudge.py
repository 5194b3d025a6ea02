"""Judging accepted submissions again when their problem changes.

A problem's version is the hash of the files that decide a verdict (runner.bank). When
an accepted Submit was judged on another version than the one the bank now serves (or
before versions were recorded), a copy of it is queued at low priority: a re-judge row
(`rejudge_of` = the original) owned by the same learner, asking for the same device.

What a re-judge does, and does not do:
- The original keeps its verdict, and the learner keeps the problem solved: a solved
  mark is never taken away by a later change of the problem.
- Leaderboards list only verdicts of the current version, so an accepted re-judge puts
  the learner back on the leaderboard with its new time; one that is not accepted does
  not, and the learner sees why: the problem page and the original submission's page
  show the re-judge's verdict and message.
- Re-judges never count against rate limits, in acceptance figures or in a learner's
  history; they wait behind every learner's submission in the queue.

Scheduling is idempotent and safe from many processes at once: each original has at
most one pending re-judge (a unique partial index), none is queued for a version it
already has a re-judge of, and a pass runs after each bank load and every
`rejudge_interval_s`.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, and_, bindparam, exists, func, insert, literal, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from app import prebuilt
from app.catalog import Catalog
from app.models import PRIORITY_REJUDGE, Submission
from app.vocabulary import PENDING, is_pending
from runner.verdicts import SubmissionState, Verdict

log = logging.getLogger(__name__)
SUBMIT = "submit"


def _originals_to_rejudge(slug: str, version: str):  # -> Select
    """Accepted Submits of `slug` judged on another version, with no re-judge pending
    and none done on `version` yet."""
    rejudge = aliased(Submission)
    covered = exists().where(
        rejudge.rejudge_of == Submission.id,
        or_(rejudge.problem_version == version, rejudge.status.in_(PENDING)),
    )
    return select(Submission).where(
        Submission.problem_slug == slug,
        Submission.mode == SUBMIT,
        Submission.status == Verdict.ACCEPTED,
        Submission.rejudge_of.is_(None),
        or_(Submission.problem_version.is_(None), Submission.problem_version != version),
        ~covered,
    )


def _stale_slugs(engine: Engine, versions: dict[str, str]) -> list[str]:
    """The problems with an accepted Submit judged on another version than the current."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(Submission.problem_slug, Submission.problem_version)
            .where(
                Submission.mode == SUBMIT,
                Submission.status == Verdict.ACCEPTED,
                Submission.rejudge_of.is_(None),
            )
            .group_by(Submission.problem_slug, Submission.problem_version)
        ).all()
    return sorted({slug for slug, version in rows if slug in versions and version != versions[slug]})


def _queue_for(engine: Engine, slug: str, version: str) -> int:
    originals = _originals_to_rejudge(slug, version).subquery()
    columns = [
        "user_id",
        "problem_slug",
        "language",
        "mode",
        "code",
        "requested_device",
        "rejudge_of",
        "status",
        "message",
        "attempts",
        "priority",
        "created_at",
        "problem_version",
    ]
    rows = select(
        originals.c.user_id,
        originals.c.problem_slug,
        originals.c.language,
        originals.c.mode,
        originals.c.code,
        originals.c.requested_device,
        originals.c.id,
        literal(SubmissionState.QUEUED.value),
        literal(""),
        literal(0),
        literal(PRIORITY_REJUDGE),
        literal(time.time()),
        # The version it is meant for; the worker writes the one it judged against. So a
        # re-judge that ends without being judged (its worker crashed three times) still
        # covers this version, and is not queued again and again.
        literal(version),
    )
    for attempt in (1, 2):
        try:
            with engine.begin() as conn:  # RETURNING counts on every driver (rowcount may be -1)
                return len(conn.execute(insert(Submission).from_select(columns, rows).returning(Submission.id)).all())
        except IntegrityError:  # another process queued some of them just now: count what is left
            if attempt == 2:
                raise
    return 0


def schedule(engine: Engine, catalog: Catalog) -> int:
    """Queue a re-judge of every accepted Submit of an older version; how many were queued."""
    versions = {slug: view.version for slug, view in catalog.snapshot.problems.items() if view.version}
    queued = 0
    for slug in _stale_slugs(engine, versions):
        count = _queue_for(engine, slug, versions[slug])
        if count:
            log.info("%s: %d accepted submission(s) queued to be judged again on version %s", slug, count,
                     versions[slug])
        queued += count
    return queued


@dataclass(frozen=True)
class RejudgeProgress:
    """The re-judging of one problem's accepted submissions on its current version."""

    slug: str
    version: str
    pending: int  # queued or being judged
    done: int  # judged on the current version
    changed: int  # of those, not accepted any more

    @property
    def total(self) -> int:
        return self.pending + self.done


def progress(engine: Engine, catalog: Catalog) -> list[RejudgeProgress]:
    """Per problem with re-judges pending or done on its current version, by slug."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(Submission.problem_slug, Submission.status, Submission.problem_version, func.count())
            .where(Submission.rejudge_of.is_not(None))
            .group_by(Submission.problem_slug, Submission.status, Submission.problem_version)
        ).all()
    counts: dict[str, list[int]] = {}
    versions = {slug: view.version for slug, view in catalog.snapshot.problems.items()}
    for slug, status, version, n in rows:
        if slug not in versions:
            continue
        pending_done_changed = counts.setdefault(slug, [0, 0, 0])
        if is_pending(status):
            pending_done_changed[0] += n
        elif version == versions[slug]:
            pending_done_changed[1] += n
            if status != Verdict.ACCEPTED:
                pending_done_changed[2] += n
    return [
        RejudgeProgress(slug, versions[slug], pending, done, changed)
        for slug, (pending, done, changed) in sorted(counts.items())
        if pending or done
    ]


def rejudges_of(db: Session, submission_id: int) -> list[Submission]:
    """The re-judges of one submission, newest first."""
    return list(
        db.execute(
            select(Submission).where(Submission.rejudge_of == submission_id).order_by(Submission.id.desc())
        ).scalars()
    )


def _on_version(table: Any) -> Any:
    """A learner's Submit rows of a problem version (bound parameters: user_id, slug, version)."""
    return and_(
        table.c.user_id == bindparam("user_id"),
        table.c.problem_slug == bindparam("slug"),
        table.c.mode == SUBMIT,
        table.c.problem_version == bindparam("version"),
    )


_SUBMISSIONS = Submission.__table__
_ACCEPTED = _SUBMISSIONS.alias("accepted")
# Built once, on plain columns: every signed-in view of a problem page runs it.
_FAILED_REJUDGE = (
    select(_SUBMISSIONS.c.id, _SUBMISSIONS.c.rejudge_of, _SUBMISSIONS.c.status, _SUBMISSIONS.c.message)
    .where(
        _on_version(_SUBMISSIONS),
        _SUBMISSIONS.c.rejudge_of.is_not(None),
        *(_SUBMISSIONS.c.status != state for state in PENDING),  # finished (a NOT IN would be expanded per call)
        ~exists(select(_ACCEPTED.c.id).where(_on_version(_ACCEPTED), _ACCEPTED.c.status == Verdict.ACCEPTED)),
    )
    .order_by(_SUBMISSIONS.c.id.desc())
    .limit(1)
)


def failed_rejudge(db: Session | Connection, user_id: int, slug: str, version: str) -> tuple[Any, ...] | None:
    """The learner's newest re-judge on `version` that was not accepted, unless some
    submission of theirs is accepted on that version: what the problem page explains
    (its id, rejudge_of, status and message, by name)."""
    return prebuilt.first(db, _FAILED_REJUDGE, {"user_id": user_id, "slug": slug, "version": version})
