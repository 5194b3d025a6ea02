"""Server-rendered pages: problem list, problem, submission, leaderboard, profile."""

from __future__ import annotations

import logging
import time
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app import accounts, logins
from app.deps import DB, OptionalUser, SubmissionId, TokenId, check_form_csrf, get_ctx, get_web_session
from app.forms import StrictFormRoute
from app.models import ApiToken, Submission, User
from app.routes.auth import start_login
from app.routes.render import render
from app.security import new_api_token, verify_password
from app.services import (
    SubmissionRejected,
    create_submission,
    last_code,
    leaderboard,
    progress,
    submission_dict,
    user_marks,
    user_submissions,
)
from app.templating import json_for_html

router = APIRouter(include_in_schema=False, route_class=StrictFormRoute)
log = logging.getLogger(__name__)
DIFFICULTIES = ("easy", "medium", "hard")


def _login_redirect(request: Request, back: str | None = None) -> RedirectResponse:
    """To the login page, then back to `back` (a page: after a form post, the page the
    form was on, never the POST-only path itself)."""
    target = back or request.url.path
    return RedirectResponse(f"/login?{urlencode({'next': target})}", status_code=303)


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
    snapshot = ctx.catalog.snapshot
    stats = ctx.stats.get(ctx.engine)
    solved, attempted = user_marks(db, user)
    rows = []
    for view in snapshot.problems.values():
        if topic and topic not in view.topics:
            continue
        if difficulty and view.difficulty != difficulty:
            continue
        if q and q.lower() not in view.title.lower():
            continue
        mark = "solved" if view.slug in solved else "attempted" if view.slug in attempted else ""
        if status == "solved" and mark != "solved":
            continue
        if status == "unsolved" and mark == "solved":
            continue
        rows.append((view, stats.get(view.slug), mark))
    return render(
        request,
        "problems.html",
        rows=rows,
        topics=snapshot.topics,
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
    slug: str,
    *,
    error: str | None = None,
    status_code: int = 200,
    draft: dict[str, str] | None = None,
    language: str | None = None,
) -> Response:
    view = get_ctx(request).catalog.get(slug)
    if view is None:
        raise HTTPException(404, f"unknown problem {slug!r}")
    codes = last_code(db, user, slug)
    if draft:
        codes.update(draft)
    chosen = language if language in view.languages else view.languages[0]
    editor_data: dict[str, Any] = {
        "slug": slug,
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
        error=error,
        editor_json=json_for_html(editor_data),
        language=chosen,
        initial_code=codes.get(chosen, view.starters.get(chosen, "")),
    )


@router.get("/problems/{slug}", response_class=HTMLResponse)
def problem_page(
    slug: str,
    request: Request,
    *,
    language: str | None = None,
    db: DB,
    user: OptionalUser,
) -> Response:
    return _problem_page(request, db, user, slug, language=language)


@router.post("/problems/{slug}/submit")
def problem_submit(
    slug: str,
    request: Request,
    *,
    language: str = Form(""),
    mode: str = Form("submit"),
    code: str = Form(""),
    csrf_token: str = Form(""),
    db: DB,
    user: OptionalUser,
) -> Response:
    """The no-JavaScript path: a plain form post, then the submission page."""
    if user is None:
        return _login_redirect(request, f"/problems/{quote(slug, safe='')}")
    check_form_csrf(request, csrf_token)
    ctx = get_ctx(request)
    try:
        sub = create_submission(db, ctx.catalog, ctx.settings, user, slug, language, mode, code)
    except SubmissionRejected as exc:
        if exc.status == 404:
            raise HTTPException(404, exc.message) from None
        draft = {language: code} if isinstance(code, str) and len(code) <= ctx.settings.max_code_bytes else None
        return _problem_page(
            request,
            db,
            user,
            slug,
            error=exc.message,
            status_code=exc.status,
            draft=draft,
            language=language,
        )
    return RedirectResponse(f"/submissions/{sub.id}", status_code=303)


@router.get("/submissions/{submission_id}", response_class=HTMLResponse)
def submission_page(submission_id: SubmissionId, request: Request, db: DB, user: OptionalUser) -> Response:
    if user is None:
        return _login_redirect(request)
    sub = db.get(Submission, submission_id)
    if sub is None or (sub.user_id != user.id and not user.is_admin):
        raise HTTPException(404, f"no submission {submission_id} of yours")
    view = get_ctx(request).catalog.get(sub.problem_slug)
    data = submission_dict(sub)
    return render(request, "submission.html", sub=data, problem=view, sub_json=json_for_html(data))


@router.get("/problems/{slug}/leaderboard", response_class=HTMLResponse)
def leaderboard_page(
    slug: str,
    request: Request,
    *,
    language: str = "",
    device: str = "",
    db: DB,
    user: OptionalUser,
) -> Response:
    view = get_ctx(request).catalog.get(slug)
    if view is None:
        raise HTTPException(404, f"unknown problem {slug!r}")
    entries = leaderboard(db, slug, language or None, device or None)
    return render(
        request,
        "leaderboard.html",
        problem=view,
        entries=entries,
        f_language=language,
        f_device=device,
    )


@router.get("/problems/{slug}/submissions", response_class=HTMLResponse)
def my_problem_submissions(slug: str, request: Request, db: DB, user: OptionalUser) -> Response:
    if user is None:
        return _login_redirect(request)
    view = get_ctx(request).catalog.get(slug)
    if view is None:
        raise HTTPException(404, f"unknown problem {slug!r}")
    return render(
        request,
        "my_submissions.html",
        problem=view,
        submissions=user_submissions(db, user, slug, 100),
    )


def _profile(
    request: Request,
    db: Session,
    user: User,
    *,
    new_token: str | None = None,
    notice: str | None = None,
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    ctx = get_ctx(request)
    tokens = db.execute(select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id)).scalars().all()
    return render(
        request,
        "profile.html",
        status_code=status_code,
        progress=progress(db, ctx.catalog, user),
        recent=user_submissions(db, user, None, 20),
        tokens=tokens,
        new_token=new_token,
        notice=notice,
        account_error=error,
        sessions=logins.count(db, user.id),
        min_password=ctx.settings.min_password_chars,
        catalog=ctx.catalog.snapshot.problems,
    )


@router.get("/profile", response_class=HTMLResponse)
def profile(request: Request, db: DB, user: OptionalUser) -> Response:
    if user is None:
        return _login_redirect(request)
    return _profile(request, db, user)


@router.post("/profile/password", response_class=HTMLResponse)
def change_password(
    request: Request,
    *,
    current_password: str = Form(""),
    new_password: str = Form(""),
    new_password_again: str = Form(""),
    csrf_token: str = Form(""),
    db: DB,
    user: OptionalUser,
) -> Response:
    """A new password ends every other session of the account (this one is renewed)."""
    if user is None:
        return _login_redirect(request, "/profile")
    check_form_csrf(request, csrf_token)
    settings = get_ctx(request).settings
    try:
        if new_password != new_password_again:
            raise accounts.AccountError("the two new passwords differ")
        accounts.change_password(db, user, current_password, new_password, min_password=settings.min_password_chars)
    except accounts.AccountError as exc:
        return _profile(request, db, user, error=str(exc), status_code=400)
    ended = logins.end_all(db, user.id)
    start_login(request, db, user)
    log.info("%r changed their password; %d other session(s) ended", user.username, max(0, ended - 1))
    return _profile(request, db, user, notice="Password changed. Every other session of this account is logged out.")


@router.post("/profile/delete")
def delete_account(
    request: Request,
    *,
    password: str = Form(""),
    confirm: str = Form(""),
    csrf_token: str = Form(""),
    db: DB,
    user: OptionalUser,
) -> Response:
    """Delete the account with its submissions, tokens and sessions; asks for the
    password and the username typed out, so a stray click cannot do it."""
    if user is None:
        return _login_redirect(request, "/profile")
    check_form_csrf(request, csrf_token)
    try:
        if confirm.strip() != user.username:
            raise accounts.AccountError(f"type your username ({user.username}) to confirm")
        if not verify_password(user.password_hash, password):
            raise accounts.AccountError("the password is wrong")
        accounts.delete_account(db, user)
    except accounts.AccountError as exc:
        return _profile(request, db, user, error=str(exc), status_code=400)
    get_ctx(request).stats.invalidate()
    get_web_session(request).logout()
    request.state.user = None
    log.info("account %r (id %d) deleted by its owner", user.username, user.id)
    return render(request, "account_deleted.html", username=user.username)


@router.post("/profile/tokens", response_class=HTMLResponse)
def create_token(
    request: Request,
    *,
    name: str = Form(""),
    csrf_token: str = Form(""),
    db: DB,
    user: OptionalUser,
) -> Response:
    if user is None:
        return _login_redirect(request, "/profile")
    check_form_csrf(request, csrf_token)
    name = name.strip()[:60] or "script"
    token, token_hash, prefix = new_api_token()
    db.add(
        ApiToken(
            user_id=user.id,
            name=name,
            token_hash=token_hash,
            prefix=prefix,
            created_at=time.time(),
        )
    )
    db.commit()
    return _profile(request, db, user, new_token=token)


@router.post("/profile/tokens/{token_id}/revoke")
def revoke_token(
    token_id: TokenId,
    request: Request,
    *,
    csrf_token: str = Form(""),
    db: DB,
    user: OptionalUser,
) -> Response:
    if user is None:
        return _login_redirect(request, "/profile")
    check_form_csrf(request, csrf_token)
    db.execute(delete(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == user.id))
    db.commit()
    return RedirectResponse("/profile", status_code=303)
