"""Template rendering with what every page needs (user, CSRF token, flash)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from app.catalog import ProblemView
from app.deps import current_user, get_ctx, get_web_session
from app.forms import StrictFormRoute


def page_router() -> APIRouter:
    """A router of pages: strict form parsing, and the signed-in user (if any) known to
    every page, so the top bar shows who is logged in."""
    return APIRouter(include_in_schema=False, route_class=StrictFormRoute, dependencies=[Depends(current_user)])


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    ctx = get_ctx(request)
    context.setdefault("user", getattr(request.state, "user", None))
    context["session"] = get_web_session(request)
    context["request"] = request
    return ctx.templates.TemplateResponse(request, template, context, status_code=status_code)


def editor_state(view: ProblemView, codes: dict[str, str], draft: dict[str, str] | None, language: str | None,
                 **extra: Any) -> tuple[dict[str, Any], str]:
    """What the editor starts from on a problem page (a round's too): the starters, the
    saved code with the unsent draft over it, and the language shown; and that language."""
    saved = {**codes, **(draft or {})}
    chosen = language if language in view.languages else view.languages[0]
    data = {"slug": view.slug, "languages": list(view.languages), "starters": view.starters, "saved": saved,
            "language": chosen, **extra}
    return data, chosen
