"""Editorials: a problem's `editorial.md`, shown once the learner has solved the problem
or has given up on it.

Giving up before solving is recorded (`editorial_reveals`): the profile marks the
problem, and an ACCEPTED that comes after stays off the problem's leaderboard and out of
the rankings (the learner keeps the problem solved, and it comes back for review). A
problem of a round in progress cannot be given up until the round ends.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Connection, bindparam, exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app import prebuilt, roundplay
from app.catalog import Catalog, ProblemView
from app.models import EditorialReveal, Submission, User
from app.statement import render_markdown
from runner.conventions import EDITORIAL_FILE
from runner.verdicts import Verdict

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Access:
    """What the learner may see of a problem's editorial, and why."""

    solved: bool
    revealed_at: float | None  # gave up (before solving) at this time

    @property
    def unlocked(self) -> bool:
        return self.solved or self.revealed_at is not None


LOCKED = Access(solved=False, revealed_at=None)


_SUBMISSIONS, _REVEALS = Submission.__table__, EditorialReveal.__table__
# Built once, on plain columns: every signed-in view of a problem page runs `access`.
_SOLVED = exists(
    select(_SUBMISSIONS.c.id).where(
        _SUBMISSIONS.c.user_id == bindparam("user_id"),
        _SUBMISSIONS.c.problem_slug == bindparam("slug"),
        _SUBMISSIONS.c.mode == "submit",
        _SUBMISSIONS.c.status == Verdict.ACCEPTED,
        _SUBMISSIONS.c.rejudge_of.is_(None),
    )
)
_HAS_SOLVED = select(_SOLVED)
_ACCESS = select(
    _SOLVED,
    select(_REVEALS.c.revealed_at)
    .where(_REVEALS.c.user_id == bindparam("user_id"), _REVEALS.c.problem_slug == bindparam("slug"))
    .scalar_subquery(),
)


def has_solved(db: Session | Connection, user_id: int, slug: str) -> bool:
    """An accepted Submit of the learner's own (re-judges are the server's doing)."""
    return bool(db.execute(_HAS_SOLVED, {"user_id": user_id, "slug": slug}).scalar())


def access(db: Session | Connection, user: User | None, slug: str) -> Access:
    """Reads only (the problem page reads on a read-only connection)."""
    if user is None:
        return LOCKED
    solved, revealed_at = prebuilt.rows(db, _ACCESS, {"user_id": user.id, "slug": slug})[0]
    return Access(solved=bool(solved), revealed_at=revealed_at)


def revealed(db: Session, user_id: int) -> dict[str, float]:
    """slug -> when the learner gave up on it (before solving)."""
    rows = db.execute(
        select(EditorialReveal.problem_slug, EditorialReveal.revealed_at).where(EditorialReveal.user_id == user_id)
    ).all()
    return dict(rows)


def not_revealed_to_author() -> ColumnElement[bool]:
    """For leaderboards and rankings: the submission's author had not given up on its problem."""
    return ~exists().where(
        EditorialReveal.user_id == Submission.user_id, EditorialReveal.problem_slug == Submission.problem_slug
    )


class GiveUpRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def give_up(db: Session, user: User, view: ProblemView, now: float) -> Access:
    """Reveal the editorial to a learner who has not solved the problem (recorded once)."""
    current = access(db, user, view.slug)
    if current.unlocked:
        return current
    running = roundplay.in_progress(db, user, now)
    if running is not None and any(p["slug"] == view.slug for p in roundplay.plan_of(running)["problems"]):
        raise GiveUpRefused(f"{view.title} is part of “{running.title}”, which is in progress: finish the round first")
    db.add(EditorialReveal(user_id=user.id, problem_slug=view.slug, revealed_at=now))
    try:
        db.commit()
    except IntegrityError:  # given up twice at once: the first counts
        db.rollback()
    log.info("%r gave up on %s and read its editorial", user.username, view.slug)
    return access(db, user, view.slug)


class Editorials:
    """Editorial Markdown and HTML per problem, read once per load of the bank."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._lock = threading.Lock()
        self._cache: dict[tuple[str, float], tuple[str, str] | None] = {}

    def get(self, view: ProblemView) -> tuple[str, str] | None:
        """(Markdown, HTML) of the problem's editorial, or None where it has none."""
        key = (view.slug, self.catalog.snapshot.loaded_at)
        with self._lock:
            if key in self._cache:
                return self._cache[key]
        path = view.problem.root / EDITORIAL_FILE
        try:
            source = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            log.warning("editorial of %s cannot be read: %s", view.slug, exc)
            found = None
        else:
            found = (source, render_markdown(_without_title(source))) if source.strip() else None
        with self._lock:
            if len(self._cache) > 4 * max(1, len(self.catalog.snapshot.problems)):
                self._cache.clear()  # entries of earlier loads
            self._cache[key] = found
        return found


def _without_title(markdown: str) -> str:
    first, _, rest = markdown.lstrip().partition("\n")
    return rest if first.startswith("# ") else markdown
