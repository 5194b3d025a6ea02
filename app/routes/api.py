"""The JSON API under /api (documented at /docs and /openapi.json)."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from app.deps import DB, CsrfUser, CurrentUser, OptionalUser, get_ctx
from app.models import Submission
from app.services import (
    SubmissionRejected,
    create_submission,
    leaderboard,
    submission_dict,
    user_marks,
    user_submissions,
)

router = APIRouter(prefix="/api", tags=["api"])


class SubmissionIn(BaseModel):
    problem: str = Field(description="problem slug, e.g. softmax")
    language: str = Field("pytorch", description="one of the problem's languages")
    mode: Literal["run", "submit"] = Field(
        "submit",
        description="run: visible examples; submit: hidden tests and thresholds",
    )
    code: str = Field(description="Python source, at most 64 KiB")


@router.get("/health", summary="Liveness probe")
async def health() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/problems", summary="List problems (filter by topic, difficulty, title search)")
def list_problems(
    request: Request,
    *,
    topic: str | None = None,
    difficulty: str | None = None,
    q: str | None = Query(None, description="case-insensitive title search"),
    db: DB,
    user: OptionalUser,
) -> list[dict[str, Any]]:
    ctx = get_ctx(request)
    stats = ctx.stats.get(ctx.engine)
    solved, attempted = user_marks(db, user)
    out = []
    for view in ctx.catalog.snapshot.problems.values():
        if topic and topic not in view.topics:
            continue
        if difficulty and view.difficulty != difficulty:
            continue
        if q and q.lower() not in view.title.lower():
            continue
        item = view.summary()
        st = stats.get(view.slug)
        item["acceptance"] = st.acceptance if st else None
        item["solved"] = view.slug in solved
        item["attempted"] = view.slug in attempted
        out.append(item)
    return out


@router.get("/problems/{slug}", summary="One problem: statement (Markdown) and starters")
def get_problem(slug: str, request: Request) -> dict[str, Any]:
    view = get_ctx(request).catalog.get(slug)
    if view is None:
        raise HTTPException(404, f"unknown problem {slug!r}")
    data = view.summary()
    data["statement"] = view.statement
    data["starters"] = view.starters
    return data


@router.get(
    "/problems/{slug}/leaderboard",
    summary="Fastest accepted submission per user, language and device",
)
def get_leaderboard(
    slug: str,
    request: Request,
    *,
    language: str | None = None,
    device: str | None = None,
    db: DB,
) -> list[dict[str, Any]]:
    if get_ctx(request).catalog.get(slug) is None:
        raise HTTPException(404, f"unknown problem {slug!r}")
    return [e.as_dict() for e in leaderboard(db, slug, language, device)]


@router.post("/submissions", status_code=202, summary="Queue a Run or Submit")
def post_submission(
    body: SubmissionIn,
    request: Request,
    db: DB,
    user: CsrfUser,
) -> JSONResponse:
    ctx = get_ctx(request)
    try:
        sub = create_submission(
            db,
            ctx.catalog,
            ctx.settings,
            user,
            body.problem,
            body.language,
            body.mode,
            body.code,
        )
    except SubmissionRejected as exc:
        headers = {"Retry-After": str(exc.retry_after)} if exc.retry_after else None
        return JSONResponse({"detail": exc.message}, status_code=exc.status, headers=headers)
    return JSONResponse(submission_dict(sub, with_code=False), status_code=202)


@router.get("/submissions", summary="My submissions, newest first")
def list_submissions(
    *,
    problem: str | None = None,
    limit: int = Query(50, ge=1, le=200),
    db: DB,
    user: CurrentUser,
) -> list[dict[str, Any]]:
    return [submission_dict(s, with_code=False) for s in user_submissions(db, user, problem, limit)]


@router.get(
    "/submissions/{submission_id}",
    summary="One of my submissions, with the judge's result",
)
def get_submission(
    submission_id: int,
    db: DB,
    user: CurrentUser,
) -> dict[str, Any]:
    sub = db.get(Submission, submission_id)
    if sub is None or (sub.user_id != user.id and not user.is_admin):
        raise HTTPException(404, f"no submission {submission_id} of yours")
    return submission_dict(sub)


@router.get("/me", summary="The signed-in user")
def me(user: CurrentUser) -> dict[str, Any]:
    return {"id": user.id, "username": user.username, "is_admin": user.is_admin}
