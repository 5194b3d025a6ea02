"""Server-rendered problem pages: the list, a problem with its editor, the no-JavaScript
submit, a problem's leaderboard and the learner's submissions of it."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel
from sqlalchemy.orm import Session

from app.catalog import ProblemView
from app.deps import DB, FormCsrf, LoggedIn, OptionalUser, Problem, get_ctx
from app.models import User
from app.rejudge import failed_rejudge
from app.routes.render import page_router, render
from app.services import SubmissionRejected, create_submission, last_code, leaderboard, user_marks, user_submissions
from app.templating import json_for_html

router = page_router()
DIFFICULTIES = ("easy", "medium", "hard")


@router.get("/")
def index() -> RedirectResponse:
    return RedirectResponse("/problems", status_code=303)


@router.get("/problems", response_class=HTMLResponse)
def problem_list(
    request: Request,
    *,
    topic: str = "",
    difficulty: str = "",
    q: str = "",
    status: str = "",
    db: DB,
    user: OptionalUser,
) -> Response:
    ctx = get_ctx(request)
    stats = ctx.stats.get(ctx.engine)
    solved, attempted = user_marks(db, user)
    rows = []
    for view in ctx.catalog.matching(topic=topic, difficulty=difficulty, q=q):
        mark = "solved" if view.slug in solved else "attempted" if view.slug in attempted else ""
        if (status == "solved" and mark != "solved") or (status == "unsolved" and mark == "solved"):
            continue
        rows.append((view, stats.get(view.slug), mark))
    return render(
        request,
        "problems.html",
        rows=rows,
        topics=ctx.catalog.snapshot.topics,
        difficulties=DIFFICULTIES,
        f_topic=topic,
        f_difficulty=difficulty,
        f_q=q,
        f_status=status,
    )


def _problem_page(
    request: Request,
    db: Session,
    user: User | None,
    view: ProblemView,
    *,
    error: str | None = None,
    status_code: int = 200,
    draft: dict[str, str] | None = None,
    language: str | None = None,
) -> Response:
    codes = last_code(db, user, view.slug)
    if draft:
        codes.update(draft)
    chosen = language if language in view.languages else view.languages[0]
    editor_data: dict[str, Any] = {
        "slug": view.slug,
        "languages": list(view.languages),
        "starters": view.starters,
        "saved": codes,
        "language": chosen,
        "signedIn": user is not None,
    }
    return render(
        request,
        "problem.html",
        status_code=status_code,
        problem=view,
        rejudged=failed_rejudge(db, user.id, view.slug, view.version) if user is not None else None,
        error=error,
        editor_json=json_for_html(editor_data),
        language=chosen,
        initial_code=codes.get(chosen, view.starters.get(chosen, "")),
    )


@router.get("/problems/{slug}", response_class=HTMLResponse)
def problem_page(view: Problem, request: Request, db: DB, user: OptionalUser, language: str | None = None) -> Response:
    return _problem_page(request, db, user, view, language=language)


class SubmitForm(BaseModel):
    """The editor's form, posted when the page runs without JavaScript."""

    language: str = ""
    mode: str = "submit"
    code: str = ""


@router.post("/problems/{slug}/submit")
def problem_submit(
    request: Request, user: LoggedIn, _csrf: FormCsrf, view: Problem, form: Annotated[SubmitForm, Form()], db: DB
) -> Response:
    """The no-JavaScript path: a plain form post, then the submission page."""
    ctx = get_ctx(request)
    language, mode, code = form.language, form.mode, form.code
    try:
        sub = create_submission(db, ctx.catalog, ctx.settings, user, view.slug, language, mode, code)
    except SubmissionRejected as exc:
        if exc.status == 404:
            raise HTTPException(404, exc.message) from None
        draft = {language: code} if isinstance(code, str) and len(code) <= ctx.settings.max_code_bytes else None
        return _problem_page(
            request, db, user, view, error=exc.message, status_code=exc.status, draft=draft, language=language
        )
    return RedirectResponse(f"/submissions/{sub.id}", status_code=303)


@router.get("/problems/{slug}/leaderboard", response_class=HTMLResponse)
def leaderboard_page(view: Problem, request: Request, *, language: str = "", device: str = "", db: DB) -> Response:
    entries = leaderboard(db, view.slug, view.version, language or None, device or None)
    return render(request, "leaderboard.html", problem=view, entries=entries, f_language=language, f_device=device)


@router.get("/problems/{slug}/submissions", response_class=HTMLResponse)
def my_problem_submissions(user: LoggedIn, view: Problem, request: Request, db: DB) -> Response:
    submissions = user_submissions(db, user, view.slug, 100)
    return render(request, "my_submissions.html", problem=view, submissions=submissions)
