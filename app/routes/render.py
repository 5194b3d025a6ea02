"""Template rendering with what every page needs (user, CSRF token, flash)."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from app.deps import get_ctx, get_web_session


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    ctx = get_ctx(request)
    context.setdefault("user", getattr(request.state, "user", None))
    context["session"] = get_web_session(request)
    context["request"] = request
    return ctx.templates.TemplateResponse(request, template, context, status_code=status_code)
