"""Sign up, log in, log out (here or everywhere), with per-client and per-account limits."""

from __future__ import annotations

import hashlib
import logging

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from app import logins, ratelimit
from app.accounts import AccountError, authenticate, create_user
from app.deps import DB, FormCsrf, FormText, client_address, get_ctx, get_web_session, is_page
from app.forms import StrictFormRoute
from app.models import User
from app.routes.render import render
from app.usernames import username_key

router = APIRouter(include_in_schema=False, route_class=StrictFormRoute)
log = logging.getLogger(__name__)
HOME = "/problems"


def safe_next(request: Request, target: str) -> str:
    """Only same-site paths that can be fetched with GET, so a crafted link cannot bounce
    users elsewhere and a login after a form post lands on a page, not on a POST-only path."""
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return HOME
    return target if is_page(request, target) else HOME


def _too_many(request: Request, template: str, wait: int, what: str, **context: object) -> Response:
    response = render(
        request,
        template,
        status_code=429,
        error=f"too many {what}; try again in {wait} s",
        **context,
    )
    response.headers["Retry-After"] = str(wait)
    return response


def start_login(request: Request, db: Session, user: User) -> None:
    """A new server-side session for `user`, carried by this browser's cookie."""
    token = logins.start(
        db,
        user,
        max_age_s=get_ctx(request).settings.session_max_age_s,
        user_agent=request.headers.get("user-agent", ""),
    )
    get_web_session(request).login(token)


@router.get("/signup", response_class=HTMLResponse)
def signup_form(request: Request, next: str = HOME) -> Response:
    return render(
        request,
        "signup.html",
        next=safe_next(request, next),
        error=None,
        username="",
        min_password=get_ctx(request).settings.min_password_chars,
    )


@router.post("/signup")
def signup(
    request: Request, _csrf: FormCsrf, db: DB, username: FormText = "", password: FormText = "", next: FormText = HOME
) -> Response:
    settings = get_ctx(request).settings
    context = {"next": safe_next(request, next), "username": username, "min_password": settings.min_password_chars}
    wait = ratelimit.take(
        get_ctx(request).engine,
        "signup-client:" + client_address(request),
        settings.signup_limit_per_client,
        settings.signup_window_s,
    )
    if wait:
        return _too_many(request, "signup.html", wait, "sign-ups", **context)
    try:
        user = create_user(
            db,
            username,
            password,
            admin=None if settings.first_user_admin else False,
            min_password=settings.min_password_chars,
        )
    except AccountError as exc:
        return render(request, "signup.html", status_code=400, error=str(exc), **context)
    log.info("new account %r%s", user.username, " (admin: the first account)" if user.is_admin else "")
    start_login(request, db, user)
    return RedirectResponse(context["next"], status_code=303)


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = HOME) -> Response:
    return render(request, "login.html", next=safe_next(request, next), error=None, username="")


def _account_key(username: str) -> str:
    """Per-account counters are keyed by the canonical name (hashed: any length fits),
    whether or not such an account exists, so a 429 does not reveal that either."""
    return "login-account:" + hashlib.sha256(username_key(username).encode()).hexdigest()[:40]


class LoginRefused(Exception):
    """A login attempt refused: an HTTP status, a message, and for a limit the wait in seconds."""

    def __init__(self, status: int, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.retry_after = retry_after


def check_login(request: Request, db: Session, username: str, password: str) -> User:
    """The user a username and password name, counted against the per-client and
    per-account limits (the login form's and `POST /api/tokens`'); LoginRefused otherwise."""
    ctx = get_ctx(request)
    settings = ctx.settings
    limits = (
        ("login-client:" + client_address(request), settings.login_limit_per_client),
        (_account_key(username), settings.login_limit_per_account),
    )
    for key, limit in limits:
        wait = ratelimit.take(ctx.engine, key, limit, settings.login_window_s)
        if wait:
            log.warning("login attempts limited for %s (%s)", client_address(request), key.split(":")[0])
            raise LoginRefused(429, f"too many login attempts; try again in {wait} s", wait)
    user = authenticate(db, username, password)
    if user is None:
        raise LoginRefused(400, "wrong username or password")
    if user.disabled:
        raise LoginRefused(403, "this account is disabled; ask an admin")
    ratelimit.clear(ctx.engine, _account_key(username))
    return user


@router.post("/login")
def login(
    request: Request, _csrf: FormCsrf, db: DB, username: FormText = "", password: FormText = "", next: FormText = HOME
) -> Response:
    context = {"next": safe_next(request, next), "username": username}
    try:
        user = check_login(request, db, username, password)
    except LoginRefused as exc:
        if exc.retry_after:
            return _too_many(request, "login.html", exc.retry_after, "login attempts", **context)
        return render(request, "login.html", status_code=exc.status, error=exc.message, **context)
    start_login(request, db, user)
    return RedirectResponse(context["next"], status_code=303)


@router.post("/logout")
def logout(request: Request, _csrf: FormCsrf, db: DB) -> Response:
    session = get_web_session(request)
    if session.sid:
        logins.end(db, session.sid)
    session.logout()
    return RedirectResponse(HOME, status_code=303)


@router.post("/logout/everywhere")
def logout_everywhere(request: Request, _csrf: FormCsrf, db: DB) -> Response:
    """End every session of this account, this one included (e.g. after a lost laptop)."""
    session = get_web_session(request)
    user = logins.resolve(db, session.sid) if session.sid else None
    if user is not None:
        ended = logins.end_all(db, user.id)
        log.info("%r logged out everywhere (%d session(s))", user.username, ended)
    session.logout()
    return RedirectResponse("/login", status_code=303)
