"""The learner's part of the JSON API under /api: editorials, reviews, rankings and
interview rounds (declared like the rest of the API, with app.routes.api's errors)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from pydantic import BaseModel, Field

from app import clock, editorials, rankings, reviews, roundplay
from app.deps import DB, MAX_ID, CsrfUser, CurrentUser, Problem, get_ctx
from app.rankings import RankEntry
from app.roundplay import RoundError
from app.routes.api import errors, reject_unknown_query
from app.statement import render_markdown
from runner.verdicts import Verdict

router = APIRouter(prefix="/api", tags=["api"], responses=errors(422), dependencies=[Depends(reject_unknown_query)])

class EditorialOut(BaseModel):
    problem: str
    markdown: str = Field(description="editorial.md: the approach, an annotated solution, its cost, the mistakes")
    solved: bool = Field(description="you have an accepted Submit of this problem")
    revealed_at: float | None = Field(description="when you gave up on it before solving (null: you did not)")


def _editorial(request: Request, db: DB, user: CurrentUser, view: Problem) -> EditorialOut:
    access = editorials.access(db, user, view.slug)
    if not access.unlocked:
        raise HTTPException(403, f"solve {view.slug} first, or give up on it (POST /api/problems/{view.slug}/give-up)")
    found = get_ctx(request).editorials.get(view)
    if found is None:
        raise HTTPException(404, f"{view.slug} has no editorial")
    return EditorialOut(problem=view.slug, markdown=found[0], solved=access.solved, revealed_at=access.revealed_at)


@router.get(
    "/problems/{slug}/editorial",
    summary="The problem's editorial, once you have solved it or given up on it",
    responses=errors(401, 403, 404),
)
def get_editorial(view: Problem, request: Request, db: DB, user: CurrentUser) -> EditorialOut:
    return _editorial(request, db, user, view)


@router.post(
    "/problems/{slug}/give-up",
    summary=f"Give up on a problem you have not solved and get its editorial; a later {Verdict.ACCEPTED} stays off "
    "its leaderboard and out of the rankings",
    responses=errors(401, 403, 404, 409),
)
def post_give_up(view: Problem, request: Request, db: DB, user: CsrfUser) -> EditorialOut:
    try:
        editorials.give_up(db, user, view, clock.now(get_ctx(request).settings))
    except editorials.GiveUpRefused as exc:
        raise HTTPException(409, exc.message) from None
    return _editorial(request, db, user, view)


class ReviewOut(BaseModel):
    problem: str
    title: str
    due: bool = Field(description="due now (or started and not yet decided)")
    due_at: float
    in_progress: bool = Field(description="started: your next judged Submit of the problem decides it")
    stage: int = Field(description="reviews passed in a row")
    passed: int
    failed: int
    last_reviewed_at: float | None
    last_passed: bool | None


@router.get(
    "/reviews", summary="My review schedule: solved problems coming back, due ones first", responses=errors(401)
)
def list_reviews(request: Request, db: DB, user: CurrentUser) -> list[ReviewOut]:
    ctx = get_ctx(request)
    items = reviews.schedule(db, user, ctx.catalog, ctx.settings, clock.now(ctx.settings))
    return [
        ReviewOut(
            problem=item.view.slug,
            title=item.view.title,
            due=item.due,
            due_at=item.due_at,
            in_progress=item.in_progress,
            stage=item.stage,
            passed=item.passed,
            failed=item.failed,
            last_reviewed_at=item.last_reviewed_at,
            last_passed=item.last_passed,
        )
        for item in items
    ]


@router.get(
    "/rankings",
    summary="Learners ranked by problems solved, weighted by difficulty (easy 1, medium 2, hard 3); ties go to "
    "whoever got there first",
    responses=errors(404),
)
def get_rankings(
    request: Request,
    *,
    topic: str | None = Query(None, description="rank on this topic's problems only"),
    limit: int = Query(100, ge=1, le=1000),
    db: DB,
) -> list[RankEntry]:
    try:
        return rankings.ranking(db, get_ctx(request).catalog, topic or None, limit)
    except rankings.UnknownTopic:
        raise HTTPException(404, f"unknown topic {topic!r}") from None


class RoundProblemOut(BaseModel):
    slug: str
    questions: int = Field(description="clarifying questions one may ask")


class RoundOut(BaseModel):
    slug: str
    title: str
    description: str
    time_limit_minutes: int
    problems: list[RoundProblemOut]


@router.get("/rounds", summary="Interview rounds of the bank")
def list_rounds(request: Request) -> list[RoundOut]:
    book = get_ctx(request).rounds.current()
    return [
        RoundOut(
            slug=r.slug,
            title=r.title,
            description=r.spec.description,
            time_limit_minutes=r.spec.time_limit_minutes,
            problems=[RoundProblemOut(slug=p.slug, questions=len(p.questions)) for p in r.spec.problems],
        )
        for r in book.rounds.values()
    ]


AttemptId = Annotated[int, Path(ge=1, le=MAX_ID, description="a round attempt's id")]


class AttemptOut(BaseModel):
    id: int
    round: str
    title: str
    started_at: float
    deadline_at: float
    finished_at: float | None
    end_reason: roundplay.EndReason | None
    open: bool = Field(description="still running: questions and submissions are taken")
    remaining_s: float = Field(description="seconds left by the server's clock (0 once over)")
    report: str = Field(description="the report's page")


@router.get(
    "/rounds/attempts/{attempt_id}", summary="One of my interview rounds: its clock", responses=errors(401, 404)
)
def get_attempt(attempt_id: AttemptId, request: Request, db: DB, user: CurrentUser) -> AttemptOut:
    now = clock.now(get_ctx(request).settings)
    try:
        attempt = roundplay.own_attempt(db, user, attempt_id, now)
    except RoundError as exc:
        raise HTTPException(exc.status, exc.message) from None
    return AttemptOut(
        id=attempt.id,
        round=attempt.round_slug,
        title=attempt.title,
        started_at=attempt.started_at,
        deadline_at=attempt.deadline_at,
        finished_at=attempt.finished_at,
        end_reason=attempt.end_reason,
        open=roundplay.is_open(attempt, now),
        remaining_s=roundplay.remaining_s(attempt, now),
        report=f"/rounds/attempts/{attempt.id}/report",
    )


class QuestionIn(BaseModel):
    problem_index: int = Field(ge=0, le=1000, description="the problem's place in the round, from 0")
    question_index: int = Field(ge=0, le=1000, description="the question's place in the problem's list, from 0")


class QuestionOut(BaseModel):
    ask: str = Field(description="the question (Markdown)")
    answer: str = Field(description="the interviewer's answer (Markdown, with KaTeX math)")
    answer_html: str = Field(description="the answer as the round page shows it (HTML, math left for KaTeX)")


@router.post(
    "/rounds/attempts/{attempt_id}/questions",
    summary="Ask a clarifying question in my round in progress: its answer (the ask is recorded for the report)",
    responses=errors(400, 401, 403, 404, 409),
)
def post_question(attempt_id: AttemptId, body: QuestionIn, request: Request, db: DB, user: CsrfUser) -> QuestionOut:
    now = clock.now(get_ctx(request).settings)
    try:
        attempt = roundplay.own_attempt(db, user, attempt_id, now)
        question = roundplay.ask(db, user, attempt, body.problem_index, body.question_index, now)
    except RoundError as exc:
        raise HTTPException(exc.status, exc.message) from None
    return QuestionOut(ask=question["ask"], answer=question["answer"], answer_html=render_markdown(question["answer"]))
