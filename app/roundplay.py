"""A learner's go at an interview round: start, the clarifying questions asked, the
submissions made, the end (by the learner, or when time runs out) and the report.

Time is enforced here, on the server, by app.clock: once the deadline has passed, no
question is answered and no submission is taken for the round, whatever the browser's
countdown shows; an attempt past its deadline is closed ("time") the next time anything
looks at it. Submissions made before the deadline and judged after it still count.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, bindparam, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app import prebuilt
from app.catalog import Catalog, ProblemView
from app.models import RoundAttempt, RoundQuestion, RoundSubmission, Submission, User
from app.rounds import Round
from app.services import user_marks
from app.vocabulary import is_pending
from runner.verdicts import Verdict

log = logging.getLogger(__name__)
SUBMIT = "submit"
RUN = "run"


class EndReason(StrEnum):
    FINISHED = "finished"  # the learner ended it
    TIME = "time"  # the time limit ran out


class RoundError(Exception):
    """A request the round cannot take: an HTTP status and a message for the learner."""

    def __init__(self, status: int, message: str, attempt_id: int | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.attempt_id = attempt_id


def plan_of(attempt: RoundAttempt) -> dict[str, Any]:
    return json.loads(attempt.plan_json)


def is_open(attempt: RoundAttempt, now: float) -> bool:
    return attempt.finished_at is None and now < attempt.deadline_at


def remaining_s(attempt: RoundAttempt, now: float) -> float:
    return max(0.0, attempt.deadline_at - now) if attempt.finished_at is None else 0.0


def close_expired(db: Session, user_id: int, now: float) -> None:
    """Close the learner's attempts whose time ran out (they end at their deadline)."""
    closed = db.execute(
        update(RoundAttempt)
        .where(RoundAttempt.user_id == user_id, RoundAttempt.finished_at.is_(None), RoundAttempt.deadline_at <= now)
        .values(finished_at=RoundAttempt.deadline_at, end_reason=EndReason.TIME.value)
    ).rowcount
    if closed:
        db.commit()
        db.expire_all()
        log.info("user %d: %d round(s) ended when their time ran out", user_id, closed)


def in_progress(db: Session, user: User, now: float) -> RoundAttempt | None:
    """The learner's round in progress, if any (one at a time)."""
    close_expired(db, user.id, now)
    return db.execute(
        select(RoundAttempt).where(RoundAttempt.user_id == user.id, RoundAttempt.finished_at.is_(None))
    ).scalar_one_or_none()


_ATTEMPTS = RoundAttempt.__table__
# Built once, on plain columns: every signed-in view of a problem page runs it.
_RUNNING = select(_ATTEMPTS.c.id, _ATTEMPTS.c.title, _ATTEMPTS.c.plan_json).where(
    _ATTEMPTS.c.user_id == bindparam("user_id"),
    _ATTEMPTS.c.finished_at.is_(None),
    _ATTEMPTS.c.deadline_at > bindparam("now"),
)


def running_with(conn: Session | Connection, user_id: int, slug: str, now: float) -> tuple[int, str] | None:
    """(id, title) of the learner's round running now that poses this problem, by reads alone."""
    row = prebuilt.first(conn, _RUNNING, {"user_id": user_id, "now": now})
    if row is None or all(p["slug"] != slug for p in json.loads(row.plan_json)["problems"]):
        return None
    return row.id, row.title


def start(db: Session, user: User, round_: Round, catalog: Catalog, now: float) -> RoundAttempt:
    """Start the clock on a round; refused while another round of the learner's is running."""
    running = in_progress(db, user, now)
    if running is not None:
        raise RoundError(409, f"“{running.title}” is in progress: finish it before starting another", running.id)
    titles = {p.slug: view.title for p in round_.spec.problems if (view := catalog.get(p.slug)) is not None}
    attempt = RoundAttempt(
        user_id=user.id,
        round_slug=round_.slug,
        title=round_.title,
        plan_json=json.dumps(round_.plan(titles)),
        started_at=now,
        deadline_at=now + round_.time_limit_s,
    )
    db.add(attempt)
    try:
        db.commit()
    except IntegrityError:  # another request of the learner's started one just now
        db.rollback()
        running = in_progress(db, user, now)
        running_id = running.id if running else None
        raise RoundError(409, "another round is in progress: finish it first", running_id) from None
    log.info("%r started the round %s (attempt %d)", user.username, round_.slug, attempt.id)
    return attempt


def own_attempt(db: Session, user: User, attempt_id: int, now: float) -> RoundAttempt:
    """An attempt of the learner's (any, for an admin), closed if its time ran out;
    404 otherwise, so others' attempts cannot be told from missing ones."""
    attempt = db.get(RoundAttempt, attempt_id)
    if attempt is None or (attempt.user_id != user.id and not user.is_admin):
        raise RoundError(404, f"no round {attempt_id} of yours")
    if attempt.finished_at is None and attempt.deadline_at <= now:
        close_expired(db, attempt.user_id, now)
        db.refresh(attempt)
    return attempt


def _playable(attempt: RoundAttempt, user: User, now: float) -> None:
    if attempt.user_id != user.id:
        raise RoundError(403, "only the learner taking a round can play it")
    if not is_open(attempt, now):
        raise RoundError(409, "this round is over: its report is ready", attempt.id)


def problem_index(attempt: RoundAttempt, slug: str) -> int:
    for index, problem in enumerate(plan_of(attempt)["problems"]):
        if problem["slug"] == slug:
            return index
    raise RoundError(400, f"{slug!r} is not one of this round's problems")


def ask(db: Session, user: User, attempt: RoundAttempt, p_index: int, q_index: int, now: float) -> dict[str, str]:
    """Reveal the interviewer's answer to one question (recorded once, at the first ask)."""
    _playable(attempt, user, now)
    problems = plan_of(attempt)["problems"]
    if not 0 <= p_index < len(problems):
        raise RoundError(400, f"this round has problems 1 to {len(problems)}, not {p_index + 1}")
    questions = problems[p_index]["questions"]
    if not 0 <= q_index < len(questions):
        raise RoundError(400, f"problem {p_index + 1} has {len(questions)} question(s), not {q_index + 1}")
    exists = db.execute(
        select(RoundQuestion.id).where(
            RoundQuestion.attempt_id == attempt.id,
            RoundQuestion.problem_index == p_index,
            RoundQuestion.question_index == q_index,
        )
    ).first()
    if exists is None:
        db.add(RoundQuestion(attempt_id=attempt.id, problem_index=p_index, question_index=q_index, asked_at=now))
        try:
            db.commit()
        except IntegrityError:  # asked twice at once: once is recorded
            db.rollback()
    return questions[q_index]


def asked(db: Session, attempt_id: int) -> dict[int, dict[int, float]]:
    """problem index -> question index -> when it was asked."""
    rows = db.execute(
        select(RoundQuestion.problem_index, RoundQuestion.question_index, RoundQuestion.asked_at).where(
            RoundQuestion.attempt_id == attempt_id
        )
    ).all()
    found: dict[int, dict[int, float]] = {}
    for p_index, q_index, at in rows:
        found.setdefault(p_index, {})[q_index] = at
    return found


def check_submission(db: Session, user: User, attempt_id: int, slug: str, now: float) -> tuple[RoundAttempt, int]:
    """The round a Run or Submit is made in, and the problem's place in it; refused once
    time is up, or for a problem the round does not pose."""
    attempt = own_attempt(db, user, attempt_id, now)
    _playable(attempt, user, now)
    return attempt, problem_index(attempt, slug)


def link_submission(db: Session, attempt: RoundAttempt, p_index: int, submission_id: int, now: float) -> None:
    db.add(RoundSubmission(submission_id=submission_id, attempt_id=attempt.id, problem_index=p_index, submitted_at=now))
    db.commit()


def finish(db: Session, user: User, attempt: RoundAttempt, now: float) -> None:
    """End the round now (the learner is done early)."""
    if attempt.user_id != user.id:
        raise RoundError(403, "only the learner taking a round can end it")
    if attempt.finished_at is None:
        db.execute(
            update(RoundAttempt)
            .where(RoundAttempt.id == attempt.id, RoundAttempt.finished_at.is_(None))
            .values(finished_at=min(now, attempt.deadline_at), end_reason=EndReason.FINISHED.value)
        )
        db.commit()
        db.refresh(attempt)
        log.info("%r ended the round %s early (attempt %d)", user.username, attempt.round_slug, attempt.id)


def attempts_of(db: Session, user_id: int, limit: int = 50) -> list[RoundAttempt]:
    return list(
        db.execute(
            select(RoundAttempt)
            .where(RoundAttempt.user_id == user_id)
            .order_by(RoundAttempt.started_at.desc(), RoundAttempt.id.desc())
            .limit(limit)
        ).scalars()
    )


# --- the report --------------------------------------------------------------------

ADVICE: dict[str, str] = {
    Verdict.WRONG_ANSWER: "Wrong values on a hidden test: reread the common mistakes in the problem's Notes, "
    "then solve it again from the starter.",
    Verdict.TOO_SLOW: "Correct but too slow: look for a Python loop or an intermediate far larger than the "
    "output; one vectorised pass is expected.",
    Verdict.TIME_LIMIT_EXCEEDED: "Over the time limit: a loop over elements or rows where one tensor operation "
    "would do.",
    Verdict.MEMORY_LIMIT_EXCEEDED: "Over the memory limit: avoid materialising large intermediates.",
    Verdict.RUNTIME_ERROR: "It crashed on a hidden test: check shapes and dimensions on the edge cases (a batch of "
    "one, sizes that do not divide) and the errors the statement asks you to raise.",
    Verdict.COMPILE_ERROR: "It did not load: the entry point's name and signature, the imports, a forbidden API.",
    Verdict.INTERNAL_ERROR: "The judge failed, not your code: submit it again outside the round.",
}


@dataclass
class ProblemReport:
    index: int
    slug: str
    title: str
    view: ProblemView | None  # None: no longer in the bank
    verdict: str | None  # ACCEPTED if any Submit was; else the last judged Submit's; None: none judged
    pending: bool  # a Submit is still being judged
    submits: int
    runs: int
    first_accepted_s: float | None  # from the start of the round to the first accepted Submit
    submits_to_accept: int | None  # the first accepted Submit was the n-th
    questions: list[dict[str, Any]]  # each {ask, answer, asked (bool), asked_after_s}
    advice: list[str]
    last_submission_id: int | None

    @property
    def asked_count(self) -> int:
        return sum(1 for q in self.questions if q["asked"])


@dataclass
class Report:
    attempt: RoundAttempt
    problems: list[ProblemReport]
    time_limit_s: float
    used_s: float
    finished: bool
    review_next: list[ProblemView] = field(default_factory=list)

    @property
    def solved(self) -> int:
        return sum(1 for p in self.problems if p.verdict == Verdict.ACCEPTED)


def report(db: Session, attempt: RoundAttempt, catalog: Catalog, now: float) -> Report:
    """The round's report, computed afresh from what was recorded (verdicts of
    submissions judged after the end included)."""
    plan = plan_of(attempt)
    rows = db.execute(
        select(RoundSubmission.problem_index, RoundSubmission.submitted_at, Submission)
        .join(Submission, Submission.id == RoundSubmission.submission_id)
        .where(RoundSubmission.attempt_id == attempt.id)
        .order_by(Submission.id)
    ).all()
    questions_asked = asked(db, attempt.id)
    share = plan["time_limit_s"] / max(1, len(plan["problems"]))
    problems: list[ProblemReport] = []
    for index, entry in enumerate(plan["problems"]):
        subs = [(at, sub) for p_index, at, sub in rows if p_index == index]
        submits = [(at, sub) for at, sub in subs if sub.mode == SUBMIT]
        accepted = [at for at, sub in submits if sub.status == Verdict.ACCEPTED]
        to_accept = next((n for n, (_, sub) in enumerate(submits, 1) if sub.status == Verdict.ACCEPTED), None)
        judged = [sub for _, sub in submits if not is_pending(sub.status)]
        verdict = Verdict.ACCEPTED.value if accepted else (judged[-1].status if judged else None)
        first_accepted_s = accepted[0] - attempt.started_at if accepted else None
        marks = questions_asked.get(index, {})
        questions = [
            {
                "ask": q["ask"],
                "answer": q["answer"],
                "asked": q_index in marks,
                "asked_after_s": marks[q_index] - attempt.started_at if q_index in marks else None,
            }
            for q_index, q in enumerate(entry["questions"])
        ]
        problem = ProblemReport(
            index=index,
            slug=entry["slug"],
            title=entry["title"],
            view=catalog.get(entry["slug"]),
            verdict=verdict,
            pending=any(is_pending(sub.status) for _, sub in submits),
            submits=len(submits),
            runs=len(subs) - len(submits),
            first_accepted_s=first_accepted_s,
            submits_to_accept=to_accept,
            questions=questions,
            advice=[],
            last_submission_id=submits[-1][1].id if submits else None,
        )
        problem.advice = _advice(problem, share)
        problems.append(problem)
    end = attempt.finished_at if attempt.finished_at is not None else min(now, attempt.deadline_at)
    result = Report(
        attempt=attempt,
        problems=problems,
        time_limit_s=plan["time_limit_s"],
        used_s=max(0.0, end - attempt.started_at),
        finished=attempt.finished_at is not None,
    )
    result.review_next = _review_next(db, attempt.user_id, catalog, problems)
    return result


def _advice(problem: ProblemReport, share_s: float) -> list[str]:
    advice: list[str] = []
    if problem.verdict == Verdict.ACCEPTED:
        if (problem.submits_to_accept or 1) > 1:
            advice.append(
                f"Accepted at Submit number {problem.submits_to_accept}: look at what the rejected ones missed; "
                "it comes back in your reviews."
            )
        elif problem.first_accepted_s is not None and problem.first_accepted_s > share_s:
            advice.append(
                f"Accepted, but after {problem.first_accepted_s / 60:.0f} min, more than a fair share of the round "
                f"({share_s / 60:.0f} min): solve it again until it is quick."
            )
        else:
            advice.append("Solid: accepted at the first Submit, in good time.")
    elif problem.pending:
        advice.append("Still being judged: the report updates when the verdict is in.")
    elif problem.verdict is None:
        advice.append("Not submitted: solve it from the starter, then read the editorial.")
    else:
        advice.append(ADVICE.get(problem.verdict, "Solve it again from the starter."))
    if problem.asked_count == 0 and problem.verdict != Verdict.ACCEPTED and problem.questions:
        advice.append(
            "You asked no clarifying question: settle the shapes, the dimension and the edge cases before coding."
        )
    return advice


def _review_next(db: Session, user_id: int, catalog: Catalog, problems: list[ProblemReport]) -> list[ProblemView]:
    """Problems of the bank to practise next: those sharing topics with the round's
    problems that were not solved cleanly, which the learner has not solved yet."""
    clean = {p.index for p in problems if p.verdict == Verdict.ACCEPTED and p.submits_to_accept == 1}
    weak = [p.view for p in problems if p.view is not None and p.index not in clean]
    if not weak:
        return []
    user = db.get(User, user_id)
    solved, _ = user_marks(db, user)
    in_round = {p.slug for p in problems}
    topics = {t for view in weak for t in view.topics}
    scored = []
    for view in catalog.snapshot.problems.values():
        if view.slug in in_round or view.slug in solved:
            continue
        overlap = len(topics & set(view.topics))
        if overlap:
            scored.append((-overlap, {"easy": 0, "medium": 1, "hard": 2}.get(view.difficulty, 3), view.slug, view))
    return [view for *_, view in sorted(scored)[:4]]
