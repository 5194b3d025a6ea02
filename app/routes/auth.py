"""Sign up, log in, log out."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.accounts import AccountError, authenticate, create_user
from app.deps import (
    DB,
    check_form_csrf,
    get_web_session,
)
from app.routes.render import render

router = APIRouter(include_in_schema=False)


def _safe_next(target: str) -> str:
    """Only same-site paths, so a crafted link cannot bounce users elsewhere."""
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/problems"


@router.get("/signup", response_class=HTMLResponse)
def signup_form(request: Request, next: str = "/problems") -> Response:
    return render(request, "signup.html", next=_safe_next(next), error=None, username="")


@router.post("/signup")
def signup(
    request: Request,
    *,
    username: str = Form(""),
    password: str = Form(""),
    csrf_token: str = Form(""),
    next: str = Form("/problems"),
    db: DB,
) -> Response:
    check_form_csrf(request, csrf_token)
    try:
        user = create_user(db, username, password)
    except AccountError as exc:
        return render(
            request,
            "signup.html",
            status_code=400,
            next=_safe_next(next),
            error=str(exc),
            username=username,
        )
    get_web_session(request).login(user.id)
    return RedirectResponse(_safe_next(next), status_code=303)


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/problems") -> Response:
    return render(request, "login.html", next=_safe_next(next), error=None, username="")


@router.post("/login")
def login(
    request: Request,
    *,
    username: str = Form(""),
    password: str = Form(""),
    csrf_token: str = Form(""),
    next: str = Form("/problems"),
    db: DB,
) -> Response:
    check_form_csrf(request, csrf_token)
    user = authenticate(db, username, password)
    if user is None:
        return render(
            request,
            "login.html",
            status_code=400,
            next=_safe_next(next),
            error="wrong username or password",
            username=username,
        )
    get_web_session(request).login(user.id)
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout")
def logout(request: Request, csrf_token: str = Form("")) -> Response:
    check_form_csrf(request, csrf_token)
    get_web_session(request).logout()
    return RedirectResponse("/problems", status_code=303)
