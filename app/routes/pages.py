"""Server-rendered problem pages: the list, a problem with its editor, the no-JavaScript
submit, a problem's leaderboard and the learner's submissions of it.

The list and the problem page are the pages most read, so they are async and cheap: an
anonymous view touches no database and no thread; a signed-in view finds its user and
reads what is its own (marks, saved code) in one trip to a worker thread
(app.pagereads), which is why they sit on a router of their own, without the
other pages' `current_user` dependency. The list's rows come from a fragment cache keyed
by what they show (app.templating.FragmentCache)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel
from sqlalchemy import Connection
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from app import clock, editorials, reviews, roundplay
from app.catalog import ProblemView
from app.config import AppSettings
from app.context import AppContext
from app.deps import DB, FormCsrf, LoggedIn, OptionalUser, Problem, get_ctx
from app.forms import StrictFormRoute
from app.models import User
from app.pagereads import user_and_reads
from app.rejudge import failed_rejudge
from app.routes.render import editor_state, page_router, render
from app.services import (
    SubmissionRejected,
    create_submission,
    device_label,
    last_code,
    leaderboard,
    leaderboard_devices,
    user_marks,
    user_submissions,
)
from app.stats import ProblemStats
from app.templating import FragmentCache, json_for_html

router = APIRouter(include_in_schema=False, route_class=StrictFormRoute)  # the list and a problem
pages = page_router()  # the other pages: the signed-in user through the `current_user` dependency
DIFFICULTIES = ("easy", "medium", "hard")
PROBLEM_ROWS = FragmentCache("_problem_rows.html")
TOPIC_OPTIONS = FragmentCache("_topic_options.html")


async def problem_stats(ctx: AppContext) -> dict[str, ProblemStats]:
    """Acceptance figures: from the cache on the event loop, refreshed in a thread when stale."""
    stats = ctx.stats.fresh()
    return stats if stats is not None else await run_in_threadpool(ctx.stats.get, ctx.engine)


def _acceptance(stats: ProblemStats | None) -> str:
    return f"{stats.acceptance * 100:.0f}%" if stats is not None and stats.acceptance is not None else "-"


@pages.get("/")
def index() -> RedirectResponse:
    return RedirectResponse("/problems", status_code=303)


@router.get("/problems", response_class=HTMLResponse)
async def problem_list(
    request: Request,
    *,
    topic: str = "",
    difficulty: str = "",
    q: str = "",
    status: str = "",
) -> Response:
    ctx = get_ctx(request)
    stats = await problem_stats(ctx)
    _, marks = await user_and_reads(request, user_marks)
    solved, attempted = marks or (set(), set())
    rows = []
    for view in ctx.catalog.matching(topic=topic, difficulty=difficulty, q=q):
        mark = "solved" if view.slug in solved else "attempted" if view.slug in attempted else ""
        if (status == "solved" and mark != "solved") or (status == "unsolved" and mark == "solved"):
            continue
        rows.append((view, _acceptance(stats.get(view.slug)), mark))
    snapshot = ctx.catalog.snapshot
    env = ctx.templates.env
    rows_key = (snapshot.serial, tuple((view.slug, acceptance, mark) for view, acceptance, mark in rows))
    chosen = topic if topic in snapshot.topics else ""  # an unknown topic selects no option, as none does
    return render(
        request,
        "problems.html",
        rows_html=PROBLEM_ROWS.render(env, rows_key, rows=rows),
        topic_options=TOPIC_OPTIONS.render(env, (snapshot.serial, chosen), topics=snapshot.topics, f_topic=chosen),
        difficulties=DIFFICULTIES,
        f_topic=topic,
        f_difficulty=difficulty,
        f_q=q,
        f_status=status,
    )


def _own_problem_data(
    db: Session | Connection, user: User, view: ProblemView, settings: AppSettings
) -> dict[str, Any]:
    """What the problem page shows of the learner's own: saved code, a failed re-judge,
    whether the editorial is theirs to read, a review under way (it opens the starter,
    not the last code), a round running that poses this problem (Core reads: the page
    reads them on a plain connection)."""
    review = reviews.under_way(db, user.id, view.slug)
    return {
        "codes": {} if review else last_code(db, user, view.slug),
        "rejudged": failed_rejudge(db, user.id, view.slug, view.version),
        "access": editorials.access(db, user, view.slug),
        "review": review,
        "running_round": roundplay.running_with(db, user.id, view.slug, clock.now(settings)),
    }


def _problem_page(
    request: Request,
    user: User | None,
    view: ProblemView,
    own: dict[str, Any] | None,
    *,
    error: str | None = None,
    status_code: int = 200,
    draft: dict[str, str] | None = None,
    language: str | None = None,
) -> Response:
    """The page from `own` (`_own_problem_data`; None for an anonymous visitor)."""
    editor_data, chosen = editor_state(
        view, dict(own["codes"]) if own else {}, draft, language,
        signedIn=user is not None,
        username=user.username if user is not None else None,
        isAdmin=bool(user is not None and user.is_admin),
    )
    codes = editor_data["saved"]
    access = own["access"] if own else editorials.LOCKED
    review = bool(own and own["review"])
    found = get_ctx(request).editorials.get(view) if access.unlocked and not review else None
    return render(
        request,
        "problem.html",
        status_code=status_code,
        problem=view,
        rejudged=own["rejudged"] if own else None,
        error=error,
        editor_json=json_for_html(editor_data),
        language=chosen,
        initial_code=codes.get(chosen, view.starters.get(chosen, "")),
        access=access,
        editorial_html=found[1] if found else None,
        review=review,
        running_round=own["running_round"] if own else None,
    )


@router.get("/problems/{slug}", response_class=HTMLResponse)
async def problem_page(view: Problem, request: Request, language: str | None = None) -> Response:
    settings = get_ctx(request).settings
    user, own = await user_and_reads(request, lambda db, user: _own_problem_data(db, user, view, settings))
    return _problem_page(request, user, view, own, language=language)


class SubmitForm(BaseModel):
    """The editor's form, posted when the page runs without JavaScript."""

    language: str = ""
    mode: str = "submit"
    code: str = ""


@pages.post("/problems/{slug}/submit")
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
        own = _own_problem_data(db, user, view, ctx.settings)
        return _problem_page(
            request, user, view, own, error=exc.message, status_code=exc.status, draft=draft, language=language
        )
    return RedirectResponse(f"/submissions/{sub.id}", status_code=303)


@pages.get("/problems/{slug}/leaderboard", response_class=HTMLResponse)
def leaderboard_page(
    view: Problem, request: Request, *, language: str = "", device: str = "", db: DB, user: OptionalUser
) -> Response:
    """Filtered by language and by device (cpu or a GPU model); each entry links to its
    submission for its author and admins (the submission page refuses anyone else)."""
    entries = leaderboard(db, view.slug, view.version, language or None, device or None)
    devices = leaderboard_devices(db, view.slug, view.version)
    if device and device not in devices:
        devices.append(device)
    return render(
        request,
        "leaderboard.html",
        problem=view,
        entries=entries,
        f_language=language,
        f_device=device,
        devices=[(d, device_label(d)) for d in devices],
        viewer=user,
    )


@pages.get("/problems/{slug}/submissions", response_class=HTMLResponse)
def my_problem_submissions(user: LoggedIn, view: Problem, request: Request, db: DB) -> Response:
    submissions = user_submissions(db, user, view.slug, 100)
    return render(request, "my_submissions.html", problem=view, submissions=submissions)


router.include_router(pages)
