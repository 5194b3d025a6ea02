"""Rankings of learners: the global one and one per topic.

A learner's score is the sum of the weights of the problems they solved (easy 1, medium
2, hard 3), counting problems of the bank as it is now, solved with an accepted Submit of
their own (any version of the problem: a solve is never taken away) and not after giving
up and reading the editorial. Ties go to whoever reached the score first: the time of
the first accepted Submit of the last problem that counts.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.catalog import Catalog
from app.editorials import not_revealed_to_author
from app.models import Submission, User
from runner.verdicts import Verdict

WEIGHTS = {"easy": 1, "medium": 2, "hard": 3}


@dataclass(frozen=True)
class RankEntry:
    """One row of a ranking (also the API's shape of it)."""

    rank: int
    username: str
    score: int
    solved: int
    easy: int
    medium: int
    hard: int
    reached_at: float  # when the learner reached this score


class UnknownTopic(Exception):
    pass


def ranking(db: Session, catalog: Catalog, topic: str | None = None, limit: int | None = None) -> list[RankEntry]:
    """The ranking over every problem, or over one topic's problems (the first `limit` rows)."""
    problems = catalog.snapshot.problems
    if topic:
        if topic not in catalog.snapshot.topics:
            raise UnknownTopic(topic)
        problems = {slug: view for slug, view in problems.items() if topic in view.topics}
    rows = db.execute(
        select(Submission.user_id, User.username, Submission.problem_slug, func.min(Submission.created_at))
        .join(User, User.id == Submission.user_id)
        .where(
            Submission.mode == "submit",
            Submission.status == Verdict.ACCEPTED,
            Submission.rejudge_of.is_(None),
            Submission.problem_slug.in_(list(problems)),
            not_revealed_to_author(),
        )
        .group_by(Submission.user_id, User.username, Submission.problem_slug)
    ).all()
    totals: dict[int, dict] = {}
    for user_id, username, slug, solved_at in rows:
        entry = totals.setdefault(
            user_id, {"username": username, "score": 0, "easy": 0, "medium": 0, "hard": 0, "reached_at": 0.0}
        )
        difficulty = problems[slug].difficulty
        entry["score"] += WEIGHTS.get(difficulty, 1)
        entry[difficulty] = entry.get(difficulty, 0) + 1
        entry["reached_at"] = max(entry["reached_at"], float(solved_at))
    ordered = sorted(totals.values(), key=lambda e: (-e["score"], e["reached_at"], e["username"]))
    return [
        RankEntry(
            rank=n,
            username=e["username"],
            score=e["score"],
            solved=e["easy"] + e["medium"] + e["hard"],
            easy=e["easy"],
            medium=e["medium"],
            hard=e["hard"],
            reached_at=e["reached_at"],
        )
        for n, e in enumerate(ordered[:limit], 1)
    ]
