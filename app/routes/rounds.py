"""Interview round pages: the list of rounds, a round in progress (countdown, the problems
one after another, questions on demand, the editor with Run and Submit), ending it, and
the report. The page's scripts use the JSON API (/api/rounds/…, /api/submissions); every
form here also works without JavaScript."""

from __future__ import annotations

import math
from typing import Annotated, NoReturn

from fastapi import Form, HTTPException, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import clock, roundplay
from app.deps import DB, MAX_ID, FormCsrf, LoggedIn, OptionalUser, get_ctx
from app.models import RoundAttempt, RoundSubmission, Submission, User
from app.roundplay import RoundError
from app.routes.render import editor_state, page_router, render
from app.services import SubmissionRejected, create_submission
from app.statement import render_markdown
from app.templating import json_for_html

router = page_router()
AttemptId = Annotated[int, Path(ge=1, le=MAX_ID, description="a round attempt's id")]


def _raise(exc: RoundError) -> NoReturn:
    raise HTTPException(exc.status, exc.message) from None


def _attempt(request: Request, db: Session, user: User, attempt_id: int) -> RoundAttempt:
    try:
        return roundplay.own_attempt(db, user, attempt_id, clock.now(get_ctx(request).settings))
    except RoundError as exc:
        _raise(exc)


def _rounds_page(
    request: Request, db: Session, user: User | None, *, error: str | None = None, status_code: int = 200,
    running: RoundAttempt | None = None,
) -> Response:
    ctx = get_ctx(request)
    book = ctx.rounds.current()
    rounds = sorted(book.rounds.values(), key=lambda r: (r.spec.time_limit_minutes, r.title))
    now = clock.now(ctx.settings)
    if user is not None and running is None:
        running = roundplay.in_progress(db, user, now)
    attempts = roundplay.attempts_of(db, user.id) if user is not None else []
    return render(
        request,
        "rounds.html",
        status_code=status_code,
        rounds=rounds,
        catalog=ctx.catalog.snapshot.problems,
        running=running,
        attempts=[a for a in attempts if a.finished_at is not None],
        error=error,
        EndReason=roundplay.EndReason,
        description_html={r.slug: render_markdown(r.spec.description) for r in rounds if r.spec.description},
    )


@router.get("/rounds", response_class=HTMLResponse)
def rounds_list(request: Request, db: DB, user: OptionalUser) -> Response:
    return _rounds_page(request, db, user)


@router.post("/rounds/{slug}/start")
def round_start(slug: str, request: Request, user: LoggedIn, _csrf: FormCsrf, db: DB) -> Response:
    ctx = get_ctx(request)
    round_ = ctx.rounds.current().get(slug)
    if round_ is None:
        raise HTTPException(404, f"unknown round {slug!r}")
    try:
        attempt = roundplay.start(db, user, round_, ctx.catalog, clock.now(ctx.settings))
    except RoundError as exc:
        running = db.get(RoundAttempt, exc.attempt_id) if exc.attempt_id else None
        return _rounds_page(request, db, user, error=exc.message, status_code=exc.status, running=running)
    return RedirectResponse(f"/rounds/attempts/{attempt.id}", status_code=303)


def _round_code(db: Session, attempt_id: int, p_index: int) -> dict[str, str]:
    """The learner's last code per language for this problem in this round."""
    rows = db.execute(
        select(Submission.language, Submission.code)
        .join(RoundSubmission, RoundSubmission.submission_id == Submission.id)
        .where(RoundSubmission.attempt_id == attempt_id, RoundSubmission.problem_index == p_index)
        .order_by(Submission.id.desc())
    ).all()
    codes: dict[str, str] = {}
    for language, code in rows:
        codes.setdefault(language, code)
    return codes


@router.get("/rounds/attempts/{attempt_id}", response_class=HTMLResponse)
def round_page(
    attempt_id: AttemptId, request: Request, db: DB, user: LoggedIn, p: int = 1, error: str | None = None
) -> Response:
    """The round in progress, on its problem number `p` (from 1); a round that is over
    (or someone else's, for an admin) shows its report instead."""
    ctx = get_ctx(request)
    attempt = _attempt(request, db, user, attempt_id)
    now = clock.now(ctx.settings)
    if not roundplay.is_open(attempt, now) or attempt.user_id != user.id:
        return RedirectResponse(f"/rounds/attempts/{attempt.id}/report", status_code=303)
    return _round_page(request, db, attempt, p, error=error)


def _round_page(
    request: Request,
    db: Session,
    attempt: RoundAttempt,
    number: int,
    *,
    error: str | None = None,
    status_code: int = 200,
    draft: dict[str, str] | None = None,
    language: str | None = None,
) -> Response:
    ctx = get_ctx(request)
    now = clock.now(ctx.settings)
    plan = roundplay.plan_of(attempt)
    problems = plan["problems"]
    index = min(max(number, 1), len(problems)) - 1
    entry = problems[index]
    view = ctx.catalog.get(entry["slug"])
    if view is None:
        raise HTTPException(404, f"{entry['slug']!r} is no longer in the bank; go on with the next problem")
    statement_html = ctx.rounds.current().statements.get(view.slug) or view.statement_html
    asked = roundplay.asked(db, attempt.id).get(index, {})
    questions = [
        {
            "index": q_index,
            "ask_html": render_markdown(q["ask"]),
            "answer_html": render_markdown(q["answer"]) if q_index in asked else None,
        }
        for q_index, q in enumerate(entry["questions"])
    ]
    editor_data, chosen = editor_state(view, _round_code(db, attempt.id, index), draft, language, signedIn=True,
                                       round=attempt.id, draftKey=f"td-round-{attempt.id}-{view.slug}-")
    codes = editor_data["saved"]
    return render(
        request,
        "round.html",
        status_code=status_code,
        attempt=attempt,
        plan=plan,
        index=index,
        problem=view,
        statement_html=statement_html,
        questions=questions,
        remaining_s=roundplay.remaining_s(attempt, now),
        remaining_text=_clock_face(roundplay.remaining_s(attempt, now)),
        error=error,
        editor_json=json_for_html(editor_data),
        language=chosen,
        initial_code=codes.get(chosen, view.starters.get(chosen, "")),
    )


def _clock_face(seconds: float) -> str:
    """45:00, 0:07: what the countdown shows (whole seconds, rounded up: 0:00 means over)."""
    left = math.ceil(seconds)
    return f"{left // 60}:{left % 60:02d}"


class AskForm(BaseModel):
    problem: int = 0  # the problem's index in the round (from 0)
    question: int = 0


@router.post("/rounds/attempts/{attempt_id}/ask")
def round_ask(
    attempt_id: AttemptId, request: Request, user: LoggedIn, _csrf: FormCsrf, form: Annotated[AskForm, Form()], db: DB
) -> Response:
    """Ask a clarifying question (without JavaScript: the page comes back with its answer)."""
    attempt = _attempt(request, db, user, attempt_id)
    try:
        roundplay.ask(db, user, attempt, form.problem, form.question, clock.now(get_ctx(request).settings))
    except RoundError as exc:
        if exc.status == 409:
            return RedirectResponse(f"/rounds/attempts/{attempt.id}/report", status_code=303)
        _raise(exc)
    return RedirectResponse(
        f"/rounds/attempts/{attempt.id}?p={form.problem + 1}#question-{form.question + 1}", status_code=303
    )


class RoundSubmitForm(BaseModel):
    problem: int = 0
    language: str = ""
    mode: str = "submit"
    code: str = ""


@router.post("/rounds/attempts/{attempt_id}/submit")
def round_submit(
    attempt_id: AttemptId,
    request: Request,
    user: LoggedIn,
    _csrf: FormCsrf,
    form: Annotated[RoundSubmitForm, Form()],
    db: DB,
) -> Response:
    """Run or Submit without JavaScript: a plain form post, then the submission page."""
    ctx = get_ctx(request)
    now = clock.now(ctx.settings)
    attempt = _attempt(request, db, user, attempt_id)
    problems = roundplay.plan_of(attempt)["problems"]
    if not 0 <= form.problem < len(problems):
        raise HTTPException(400, f"this round has problems 1 to {len(problems)}")
    try:
        attempt, index = roundplay.check_submission(db, user, attempt.id, problems[form.problem]["slug"], now)
        sub = create_submission(
            db, ctx.catalog, ctx.settings, user, problems[index]["slug"], form.language, form.mode, form.code
        )
    except RoundError as exc:
        if exc.status == 409:
            return RedirectResponse(f"/rounds/attempts/{attempt.id}/report", status_code=303)
        _raise(exc)
    except SubmissionRejected as exc:
        if exc.status == 404:
            raise HTTPException(404, exc.message) from None
        draft = {form.language: form.code} if len(form.code) <= ctx.settings.max_code_bytes else None
        return _round_page(
            request, db, attempt, form.problem + 1, error=exc.message, status_code=exc.status, draft=draft,
            language=form.language,
        )
    roundplay.link_submission(db, attempt, index, sub.id, now)
    return RedirectResponse(f"/submissions/{sub.id}", status_code=303)


@router.post("/rounds/attempts/{attempt_id}/finish")
def round_finish(attempt_id: AttemptId, request: Request, user: LoggedIn, _csrf: FormCsrf, db: DB) -> Response:
    attempt = _attempt(request, db, user, attempt_id)
    try:
        roundplay.finish(db, user, attempt, clock.now(get_ctx(request).settings))
    except RoundError as exc:
        _raise(exc)
    return RedirectResponse(f"/rounds/attempts/{attempt.id}/report", status_code=303)


@router.get("/rounds/attempts/{attempt_id}/report", response_class=HTMLResponse)
def round_report(attempt_id: AttemptId, request: Request, db: DB, user: LoggedIn) -> Response:
    """The report: per problem the verdict, the time to the first ACCEPTED, the
    submissions, the questions asked, and what to review next. Its learner's and admins' only."""
    ctx = get_ctx(request)
    attempt = _attempt(request, db, user, attempt_id)
    now = clock.now(ctx.settings)
    report = roundplay.report(db, attempt, ctx.catalog, now)
    owner = db.get(User, attempt.user_id)
    return render(
        request,
        "round_report.html",
        report=report,
        attempt=attempt,
        owner=owner,
        is_open=roundplay.is_open(attempt, now),
        remaining_s=roundplay.remaining_s(attempt, now),
        EndReason=roundplay.EndReason,
        questions_html=[
            [
                {**q, "ask_html": render_markdown(q["ask"]), "answer_html": render_markdown(q["answer"])}
                for q in problem.questions
            ]
            for problem in report.problems
        ],
    )
