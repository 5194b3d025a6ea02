"""The profile page: progress, recent submissions, and the account's own settings
(password, API tokens, deleting the account)."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Annotated

from fastapi import Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app import accounts, charts, clock, editorials, logins, reviews, roundplay
from app.deps import DB, FormCsrf, FormText, LoggedIn, TokenId, get_ctx, get_web_session
from app.models import ApiToken, User
from app.routes.auth import start_login
from app.routes.render import page_router, render
from app.security import verify_password
from app.services import daily_activity, progress, user_marks, user_submissions

router = page_router()
log = logging.getLogger(__name__)


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
    now = clock.now(ctx.settings)
    mine = progress(db, ctx.catalog, user)
    solved, _ = user_marks(db, user)
    today = dt.datetime.fromtimestamp(now, dt.UTC).date()
    days = daily_activity(db, user, now - 54 * 7 * 86400.0)
    heatmap = charts.activity_heatmap({day: charts.DayActivity(*counts) for day, counts in days.items()}, today)
    # The chart: topics with a few problems, or with one solved; the rest in a list below it.
    bars = [charts.TopicBar(topic, c["solved"], c["total"]) for topic, c in mine["by_topic"].items()]
    charted = sorted((b for b in bars if b.total >= 2 or b.solved), key=lambda b: (-b.total, b.topic))
    topic_chart = charts.solved_by_topic(charted)
    revealed = editorials.revealed(db, user.id)
    roundplay.close_expired(db, user.id, now)
    attempts = roundplay.attempts_of(db, user.id)
    return render(
        request,
        "profile.html",
        status_code=status_code,
        progress=mine,
        heatmap_svg=heatmap,
        topic_chart_svg=topic_chart,
        small_topics=[b for b in bars if b not in charted],
        revealed=[(slug, at, slug in solved) for slug, at in sorted(revealed.items(), key=lambda item: item[1])],
        attempts=attempts,
        reviews_due=reviews.due_count(db, user, ctx.catalog, ctx.settings, now),
        EndReason=roundplay.EndReason,
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
def profile(request: Request, db: DB, user: LoggedIn) -> Response:
    return _profile(request, db, user)


class PasswordChange(BaseModel):
    current_password: str = ""
    new_password: str = ""
    new_password_again: str = ""


class AccountDeletion(BaseModel):
    password: str = ""
    confirm: str = ""  # the username, typed out


@router.post("/profile/password", response_class=HTMLResponse)
def change_password(
    request: Request, user: LoggedIn, _csrf: FormCsrf, form: Annotated[PasswordChange, Form()], db: DB
) -> Response:
    """A new password ends every other session of the account (this one is renewed)."""
    settings = get_ctx(request).settings
    try:
        if form.new_password != form.new_password_again:
            raise accounts.AccountError("the two new passwords differ")
        accounts.change_password(
            db, user, form.current_password, form.new_password, min_password=settings.min_password_chars
        )
    except accounts.AccountError as exc:
        return _profile(request, db, user, error=str(exc), status_code=400)
    ended = logins.end_all(db, user.id)
    start_login(request, db, user)
    log.info("%r changed their password; %d other session(s) ended", user.username, max(0, ended - 1))
    return _profile(request, db, user, notice="Password changed. Every other session of this account is logged out.")


@router.post("/profile/delete")
def delete_account(
    request: Request, user: LoggedIn, _csrf: FormCsrf, form: Annotated[AccountDeletion, Form()], db: DB
) -> Response:
    """Delete the account with its submissions, tokens and sessions; asks for the
    password and the username typed out, so a stray click cannot do it."""
    try:
        if form.confirm.strip() != user.username:
            raise accounts.AccountError(f"type your username ({user.username}) to confirm")
        if not verify_password(user.password_hash, form.password):
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
def create_token(request: Request, user: LoggedIn, _csrf: FormCsrf, *, name: FormText = "", db: DB) -> Response:
    return _profile(request, db, user, new_token=accounts.issue_api_token(db, user, name))


@router.post("/profile/tokens/{token_id}/revoke")
def revoke_token(token_id: TokenId, user: LoggedIn, _csrf: FormCsrf, db: DB) -> Response:
    db.execute(delete(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == user.id))
    db.commit()
    return RedirectResponse("/profile", status_code=303)
