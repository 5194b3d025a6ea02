"""Request-scoped helpers and route dependencies: the context, the signed-in user
(optional, required by a page, required by the API, an admin), CSRF checks, the
problem named in the path, the caller's own submission, ids."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from typing import Annotated
from urllib.parse import urlencode, urlsplit

from fastapi import Depends, Form, HTTPException, Path, Request
from fastapi.responses import RedirectResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import select, update
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.routing import Match

from app import logins
from app.catalog import ProblemView
from app.context import AppContext
from app.models import ApiToken, Submission, User
from app.security import TOKEN_PREFIX, csrf_matches, hash_api_token
from app.sessions import SCOPE_KEY, WebSession

CSRF_HEADER = "X-CSRF-Token"
# Ids are INTEGER columns (32-bit on PostgreSQL): anything larger cannot exist, and
# is refused as bad input (422) before it reaches the database.
MAX_ID = 2**31 - 1


def get_ctx(request: Request) -> AppContext:
    return request.app.state.ctx


def get_web_session(request: Request) -> WebSession:
    return request.scope[SCOPE_KEY]


def client_address(request: Request) -> str:
    """The client's address (behind a trusted proxy: the one it reported)."""
    return request.client.host if request.client else "unknown"


async def get_db(request: Request) -> AsyncIterator[Session]:
    """A DB session per request. Creating one does no I/O, so it happens on the event
    loop; only a session that actually connected is closed in a worker thread."""
    db = get_ctx(request).sessions()
    try:
        yield db
    finally:
        if db.in_transaction():
            await run_in_threadpool(db.close)
        else:
            db.close()


async def current_user(request: Request, db: Annotated[Session, Depends(get_db)]) -> User | None:
    """The user behind the login session cookie or an `Authorization: Bearer tdj_…` token.

    Anonymous requests cost no thread hop and no query (keeps public pages fast)."""
    if hasattr(request.state, "user"):
        return request.state.user
    found = credentials(request)
    if found is None:
        return None
    user = await run_in_threadpool(load_user, request, db, *found)
    request.state.user = user
    return user


def credentials(request: Request) -> tuple[str, WebSession] | None:
    """The Authorization header and the session cookie when either may name a user;
    None (and no user on the request) when neither can."""
    request.state.via_token = False
    auth = request.headers.get("authorization", "")
    session = get_web_session(request)
    if not is_bearer(auth) and session.sid is None:
        request.state.user = None
        return None
    return auth, session


def is_bearer(auth: str) -> bool:
    return auth.lower().startswith("bearer ")


def load_user(request: Request, db: Session, auth: str, session: WebSession) -> User | None:
    """The user an API token or a login session names (in a worker thread: it queries)."""
    if is_bearer(auth):
        token = auth[7:].strip()
        if not token.startswith(TOKEN_PREFIX):
            raise HTTPException(401, "invalid API token")
        row = db.execute(
            select(ApiToken, User)
            .join(User, User.id == ApiToken.user_id)
            .where(ApiToken.token_hash == hash_api_token(token))
        ).first()
        if row is None:
            raise HTTPException(401, "invalid or revoked API token")
        if row[1].disabled:
            raise HTTPException(401, "this account is disabled")
        db.execute(update(ApiToken).where(ApiToken.id == row[0].id).values(last_used_at=time.time()))
        db.commit()
        request.state.via_token = True
        return row[1]
    assert session.sid is not None
    user = logins.resolve(db, session.sid)
    if user is None:  # logged out elsewhere, expired or disabled: forget the stale token
        session.forget_login()
    return user


# Declares the API token in the OpenAPI schema (and the Authorize button of /docs) for
# the routes that need a user; the header itself is read by current_user.
bearer = HTTPBearer(auto_error=False, scheme_name="apiToken", description="a personal API token: tdj_…")


async def require_user(
    user: Annotated[User | None, Depends(current_user)],
    _token: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> User:
    if user is None:
        raise HTTPException(401, "log in (or send an API token) to do this")
    return user


async def require_api_csrf(request: Request, user: Annotated[User, Depends(require_user)]) -> User:
    """State-changing API calls from the browser must echo the CSRF token in a header."""
    if request.state.via_token:
        return user
    if not csrf_matches(get_web_session(request).existing_csrf, request.headers.get(CSRF_HEADER)):
        raise HTTPException(403, f"missing or wrong CSRF token: send the {CSRF_HEADER} header")
    return user


async def form_csrf(request: Request, csrf_token: Annotated[str, Form()] = "") -> None:
    """Every form post carries the page's CSRF token in a hidden `csrf_token` field."""
    if not csrf_matches(get_web_session(request).existing_csrf, csrf_token):
        raise HTTPException(
            403,
            "the form expired or was not sent from this site (CSRF check failed); reload the page and try again",
        )


class LoginRequired(Exception):
    """A page that needs a signed-in user was asked for anonymously: the app's handler
    answers with `login_redirect`."""


async def require_login(user: Annotated[User | None, Depends(current_user)]) -> User:
    if user is None:
        raise LoginRequired
    return user


async def require_admin(user: Annotated[User | None, Depends(current_user)]) -> User:
    if user is None or not user.is_admin:
        raise HTTPException(403, "admins only")
    return user


def is_page(request: Request, path: str) -> bool:
    """Whether `path` is one of this app's pages (a route that answers GET)."""
    scope = {"type": "http", "path": urlsplit(path).path, "root_path": "", "method": "GET"}
    return any(route.matches(scope)[0] == Match.FULL for route in request.app.router.routes)


def login_redirect(request: Request) -> RedirectResponse:
    """To the login page, then back: to this page, or after a form post to the nearest
    page above the form's path (`/profile/tokens/3/revoke` -> `/profile`)."""
    path = request.url.path
    if request.method != "GET":
        while path.count("/") > 1:
            path = path.rsplit("/", 1)[0]
            if is_page(request, path):
                break
    return RedirectResponse(f"/login?{urlencode({'next': path})}", status_code=303)


async def problem_or_404(slug: str, request: Request) -> ProblemView:
    """The problem named by the `{slug}` in the path (async: a lookup in memory needs no thread)."""
    view = get_ctx(request).catalog.get(slug)
    if view is None:
        raise HTTPException(404, f"unknown problem {slug!r}")
    return view


def own_submission(db: Session, user: User, submission_id: int) -> Submission:
    """A submission of this user's (any, for an admin); 404 otherwise, so others' ids
    cannot be told from ids that do not exist."""
    sub = db.get(Submission, submission_id)
    if sub is None or (sub.user_id != user.id and not user.is_admin):
        raise HTTPException(404, f"no submission {submission_id} of yours")
    return sub


DB = Annotated[Session, Depends(get_db)]
OptionalUser = Annotated[User | None, Depends(current_user)]
CurrentUser = Annotated[User, Depends(require_user)]  # the API: 401 without a user
LoggedIn = Annotated[User, Depends(require_login)]  # pages: to the login page and back
AdminUser = Annotated[User, Depends(require_admin)]
CsrfUser = Annotated[User, Depends(require_api_csrf)]
FormCsrf = Annotated[None, Depends(form_csrf)]
FormText = Annotated[str, Form()]  # a form field (with a default: absent means that value)
Problem = Annotated[ProblemView, Depends(problem_or_404)]
SubmissionId = Annotated[int, Path(ge=1, le=MAX_ID, description="a submission's id")]
TokenId = Annotated[int, Path(ge=1, le=MAX_ID, description="an API token's id")]
UserId = Annotated[int, Path(ge=1, le=MAX_ID, description="a user's id")]
