"""The JSON API under /api (documented at /docs and /openapi.json).

Every answer is declared in the schema: the success bodies as models, and each error
status a route can give with the one error body the app uses ({"detail": "…"}).
"""

from __future__ import annotations

import logging
from typing import Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BaseModel, Field

from app import clock, roundplay
from app.accounts import MAX_PASSWORD, issue_api_token
from app.deps import (
    DB,
    MAX_ID,
    CsrfUser,
    CurrentUser,
    OptionalUser,
    Problem,
    SubmissionId,
    get_ctx,
    own_submission,
)
from app.rejudge import rejudges_of
from app.roundplay import RoundError
from app.routes.auth import LoginRefused, check_login
from app.services import (
    DEVICE_HELP,
    LeaderEntry,
    SubmissionRejected,
    create_submission,
    leaderboard,
    live_devices,
    submission_dict,
    user_marks,
    user_submissions,
)
from app.vocabulary import PENDING
from runner.verdicts import SubmissionState, Verdict

_PENDING_TEXT = " or ".join(PENDING)
log = logging.getLogger(__name__)


class ErrorOut(BaseModel):
    """Every error answer of the API: a message a person can act on."""

    detail: str = Field(description="what went wrong and what to do about it")


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The `responses` entry declaring these error statuses with the error body."""
    text = {
        400: "Bad request: the body could not be used (the message says why)",
        401: "Not logged in, or a wrong, revoked or disabled account's API token",
        403: "Missing or wrong CSRF token, or a disabled account",
        404: "No such resource (or not yours)",
        409: "Conflict: the interview round is over (or another is in progress), or the problem is part of a "
        "round in progress",
        413: "The request body or the code is too large",
        422: "The request does not match this schema",
        429: "Too many requests: wait the Retry-After seconds",
    }
    declared: dict[int | str, dict[str, Any]] = {
        status: {"model": ErrorOut, "description": text[status]} for status in statuses
    }
    if 429 in declared:
        declared[429]["headers"] = {
            "Retry-After": {"description": "seconds until a request is accepted again", "schema": {"type": "integer"}}
        }
    return declared


def reject_unknown_query(request: Request) -> None:
    """A misspelt filter (`?dificulty=easy`) is an error, not silently ignored."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return
    known = {param.alias for param in _query_params(dependant)}
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        expected = ", ".join(sorted(known)) or "none"
        raise HTTPException(422, f"unknown query parameter(s): {', '.join(map(repr, unknown))}; expected: {expected}")


def _query_params(dependant: Any) -> list[Any]:
    params = list(dependant.query_params)
    for sub in dependant.dependencies:
        params.extend(_query_params(sub))
    return params


router = APIRouter(prefix="/api", tags=["api"], responses=errors(422), dependencies=[Depends(reject_unknown_query)])
TOKEN_ERRORS = (401,)  # any route that looks at the Authorization header


class SubmissionIn(BaseModel):
    problem: str = Field(description="problem slug, e.g. softmax")
    language: str = Field("pytorch", description="one of the problem's languages")
    mode: Literal["run", "submit"] = Field(
        "submit",
        description="run: visible examples; submit: hidden tests and thresholds",
    )
    code: str = Field(description="Python source, at most 64 KiB")
    device: str | None = Field(
        None,
        description=f"which workers may judge it: {DEVICE_HELP}. A CPU worker never takes GPU work, a GPU "
        "worker never takes cpu work; asking for a device no live worker judges on is refused (400)",
    )
    round_attempt: int | None = Field(
        None,
        ge=1,
        le=MAX_ID,
        description="the id of your interview round in progress this Run or Submit belongs to (its problem must be "
        "one of the round's); refused with 409 once the round's time is up",
    )


class HealthOut(BaseModel):
    status: Literal["ok"]


class ProblemSummaryOut(BaseModel):
    slug: str
    title: str
    difficulty: str
    topics: list[str]
    languages: list[str]
    kind: str


class ProblemListItemOut(ProblemSummaryOut):
    acceptance: float | None = Field(description="accepted / judged Submit-mode submissions; null before any")
    solved: bool
    attempted: bool


class ProblemOut(ProblemSummaryOut):
    statement: str = Field(description="Markdown, with KaTeX math")
    starters: dict[str, str] = Field(description="starter code per language")
    version: str = Field(
        description="content hash of what decides verdicts (problem.yaml, reference.py, driver.py); "
        "leaderboards list verdicts of this version only"
    )


class SubmissionOut(BaseModel):
    id: int
    problem: str
    language: str
    mode: str
    status: SubmissionState | Verdict = Field(description=f"{_PENDING_TEXT} before the verdict, then the verdict")
    verdict: Verdict | None = Field(description=f"null while {_PENDING_TEXT}")
    message: str
    attempts: int
    device: str | None
    user_ms: float | None
    reference_ms: float | None
    created_at: float
    finished_at: float | None
    result: dict[str, Any] | None = Field(description="the judge's report once finished")
    problem_version: str | None = Field(
        description="the problem version the verdict was judged against (null before the verdict)"
    )
    requested_device: str | None = Field(description="the device asked for (null: any worker)")
    rejudge_of: int | None = Field(
        description="set on a re-judge: the accepted submission judged again on a newer problem version"
    )


class RejudgeOut(BaseModel):
    id: int
    status: SubmissionState | Verdict
    problem_version: str | None
    message: str
    finished_at: float | None


class SubmissionWithCodeOut(SubmissionOut):
    code: str = Field(description="the submitted source")
    rejudges: list[RejudgeOut] = Field(
        description="re-judges of this submission on newer versions of its problem, newest first; "
        "they never change this submission's own verdict"
    )


class DeviceOut(BaseModel):
    device: str = Field(description='"cpu" or "cuda:<GPU model>": a value for a submission\'s `device`')
    workers: int = Field(description="live workers judging on it")


class MeOut(BaseModel):
    id: int
    username: str
    is_admin: bool


@router.get("/health", summary="Liveness probe")
async def health() -> HealthOut:
    return HealthOut(status="ok")


@router.get(
    "/problems",
    summary="List problems (filter by topic, difficulty, title search)",
    responses=errors(*TOKEN_ERRORS),
)
def list_problems(
    request: Request,
    *,
    topic: str | None = None,
    difficulty: str | None = None,
    q: str | None = Query(None, description="case-insensitive title search"),
    db: DB,
    user: OptionalUser,
) -> list[ProblemListItemOut]:
    ctx = get_ctx(request)
    stats = ctx.stats.get(ctx.engine)
    solved, attempted = user_marks(db, user)
    return [
        ProblemListItemOut(
            **view.summary(),
            acceptance=st.acceptance if (st := stats.get(view.slug)) else None,
            solved=view.slug in solved,
            attempted=view.slug in attempted,
        )
        for view in ctx.catalog.matching(topic=topic, difficulty=difficulty, q=q)
    ]


@router.get(
    "/problems/{slug}",
    summary="One problem: statement (Markdown) and starters",
    responses=errors(404),
)
def get_problem(view: Problem) -> ProblemOut:
    return ProblemOut(**view.summary(), statement=view.statement, starters=view.starters, version=view.version)


@router.get(
    "/problems/{slug}/leaderboard",
    summary="Fastest accepted submission per user, language and device (current problem version only)",
    responses=errors(404),
)
def get_leaderboard(
    view: Problem,
    *,
    language: str | None = None,
    device: str | None = None,
    db: DB,
) -> list[LeaderEntry]:
    return leaderboard(db, view.slug, view.version, language, device)


@router.get("/devices", summary="Devices that live workers judge on (values for a submission's device)")
def get_devices(request: Request, db: DB) -> list[DeviceOut]:
    devices = live_devices(db, get_ctx(request).settings)
    return [DeviceOut(device=device, workers=n) for device, n in devices.items()]


@router.post(
    "/submissions",
    status_code=202,
    summary="Queue a Run or Submit",
    responses=errors(400, 401, 403, 404, 409, 413, 429),
)
def post_submission(
    body: SubmissionIn,
    request: Request,
    db: DB,
    user: CsrfUser,
) -> SubmissionOut:
    ctx = get_ctx(request)
    now = clock.now(ctx.settings)
    in_round = None
    try:
        if body.round_attempt is not None:
            in_round = roundplay.check_submission(db, user, body.round_attempt, body.problem, now)
        sub = create_submission(
            db,
            ctx.catalog,
            ctx.settings,
            user,
            body.problem,
            body.language,
            body.mode,
            body.code,
            body.device,
        )
    except RoundError as exc:
        raise HTTPException(exc.status, exc.message) from None
    except SubmissionRejected as exc:
        headers = {"Retry-After": str(exc.retry_after)} if exc.retry_after else None
        raise HTTPException(exc.status, exc.message, headers=headers) from None
    if in_round is not None:
        roundplay.link_submission(db, in_round[0], in_round[1], sub.id, now)
    return SubmissionOut(**submission_dict(sub, with_code=False))


@router.get(
    "/submissions",
    summary="My submissions, newest first",
    responses=errors(401),
)
def list_submissions(
    *,
    problem: str | None = None,
    limit: int = Query(50, ge=1, le=200),
    db: DB,
    user: CurrentUser,
) -> list[SubmissionOut]:
    return [SubmissionOut(**submission_dict(s, with_code=False)) for s in user_submissions(db, user, problem, limit)]


@router.get(
    "/submissions/{submission_id}",
    summary="One of my submissions, with the judge's result",
    responses=errors(401, 404),
)
def get_submission(
    submission_id: SubmissionId,
    db: DB,
    user: CurrentUser,
) -> SubmissionWithCodeOut:
    sub = own_submission(db, user, submission_id)
    rejudges = [
        RejudgeOut(
            id=r.id, status=r.status, problem_version=r.problem_version, message=r.message, finished_at=r.finished_at
        )
        for r in rejudges_of(db, sub.id)
    ]
    return SubmissionWithCodeOut(**submission_dict(sub), rejudges=rejudges)


@router.get("/me", summary="The signed-in user", responses=errors(401))
def me(user: CurrentUser) -> MeOut:
    return MeOut(id=user.id, username=user.username, is_admin=user.is_admin)


class TokenIn(BaseModel):
    username: str = Field(max_length=200)
    password: str = Field(max_length=MAX_PASSWORD)
    name: str = Field("command line", max_length=200, description="shown on the profile page beside the token")


class TokenOut(BaseModel):
    token: str = Field(description="the new personal API token (tdj_…), shown only this once")
    name: str
    username: str


@router.post(
    "/tokens",
    status_code=201,
    summary="A new personal API token, for your username and password (what `tensordojo login` asks)",
    responses=errors(400, 401, 403, 429),  # 400: a body that is not JSON
)
def post_token(body: TokenIn, request: Request, db: DB) -> TokenOut:
    """Counted against the same limits as the login form; revoke the token on the profile page."""
    try:
        user = check_login(request, db, body.username, body.password)
    except LoginRefused as exc:
        headers = {"Retry-After": str(exc.retry_after)} if exc.retry_after else None
        raise HTTPException(401 if exc.status == 400 else exc.status, exc.message, headers=headers) from None
    name = body.name.strip()[:60] or "script"
    token = issue_api_token(db, user, name)
    log.info("%r made an API token (%s)", user.username, name)
    return TokenOut(token=token, name=name, username=user.username)
