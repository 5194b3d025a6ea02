"""Pages for learning beyond one submission: a problem's editorial (after solving, or
after giving up with a confirmation), the review queue, and the rankings."""

from __future__ import annotations

from fastapi import HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app import clock, editorials, rankings, reviews
from app.deps import DB, FormCsrf, LoggedIn, OptionalUser, Problem, get_ctx
from app.routes.render import page_router, render

router = page_router()
RANKING_ROWS = 100


@router.get("/problems/{slug}/editorial", response_class=HTMLResponse)
def editorial_page(view: Problem, request: Request, db: DB, user: OptionalUser) -> Response:
    """The editorial alone (the problem page shows it in a tab); locked until solved or given up."""
    ctx = get_ctx(request)
    access = editorials.access(db, user, view.slug)
    found = ctx.editorials.get(view) if access.unlocked else None
    return render(
        request, "editorial.html", problem=view, access=access, editorial_html=found[1] if found else None
    )


@router.get("/problems/{slug}/give-up", response_class=HTMLResponse)
def give_up_confirm(view: Problem, request: Request, db: DB, user: LoggedIn) -> Response:
    """Asks first: giving up shows the editorial, and an ACCEPTED after it stays off the leaderboard."""
    if editorials.access(db, user, view.slug).unlocked:
        return RedirectResponse(f"/problems/{view.slug}#editorial", status_code=303)
    return render(request, "give_up.html", problem=view)


@router.post("/problems/{slug}/give-up")
def give_up(view: Problem, request: Request, user: LoggedIn, _csrf: FormCsrf, db: DB) -> Response:
    try:
        editorials.give_up(db, user, view, clock.now(get_ctx(request).settings))
    except editorials.GiveUpRefused as exc:
        return render(request, "give_up.html", problem=view, error=exc.message, status_code=409)
    return RedirectResponse(f"/problems/{view.slug}#editorial", status_code=303)


@router.get("/reviews", response_class=HTMLResponse)
def reviews_page(request: Request, db: DB, user: LoggedIn, error: str | None = None) -> Response:
    ctx = get_ctx(request)
    now = clock.now(ctx.settings)
    items = reviews.schedule(db, user, ctx.catalog, ctx.settings, now)
    return render(
        request,
        "reviews.html",
        due=[item for item in items if item.due],
        later=[item for item in items if not item.due],
        now=now,
        intervals=ctx.settings.review_intervals_days,
        error=error,
    )


@router.post("/reviews/{slug}/start")
def review_start(view: Problem, request: Request, user: LoggedIn, _csrf: FormCsrf, db: DB) -> Response:
    """Start a due review: the problem page then opens with the starter."""
    ctx = get_ctx(request)
    try:
        reviews.start(db, user, view.slug, ctx.settings, clock.now(ctx.settings))
    except reviews.ReviewRefused as exc:
        raise HTTPException(exc.status, exc.message) from None
    return RedirectResponse(f"/problems/{view.slug}", status_code=303)


@router.get("/rankings", response_class=HTMLResponse)
def rankings_page(request: Request, db: DB, user: OptionalUser, topic: str = "") -> Response:
    """The global ranking, or one topic's; the signed-in learner's own row is shown even
    below the first rows."""
    ctx = get_ctx(request)
    try:
        entries = rankings.ranking(db, ctx.catalog, topic or None)
    except rankings.UnknownTopic:
        raise HTTPException(404, f"unknown topic {topic!r}") from None
    mine = next((e for e in entries if user is not None and e.username == user.username), None)
    return render(
        request,
        "rankings.html",
        entries=entries[:RANKING_ROWS],
        mine=mine if mine is not None and mine.rank > RANKING_ROWS else None,
        total=len(entries),
        topics=ctx.catalog.snapshot.topics,
        f_topic=topic,
        weights=rankings.WEIGHTS,
    )
