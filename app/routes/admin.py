"""The admin page: queue, workers, sandbox layers, problem load errors, reload."""

from __future__ import annotations

import logging
import time
from typing import Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from app.deps import OptionalUser, check_form_csrf, get_ctx
from app.models import User
from app.models import Worker as WorkerRow
from app.routes.render import render
from app.state import BANK_GENERATION, bump

router = APIRouter(include_in_schema=False)
log = logging.getLogger(__name__)


def _require_admin(user: User | None) -> User:
    if user is None or not user.is_admin:
        raise HTTPException(403, "admins only")
    return user


def _sandbox(request: Request) -> dict[str, Any]:
    ctx = get_ctx(request)
    try:
        from runner.sandbox import sandbox_report

        return sandbox_report(ctx.settings)
    except Exception as exc:  # noqa: BLE001 - shown to the admin, not hidden
        return {
            "layers": [],
            "degraded": [f"the sandbox could not be inspected: {exc}"],
        }


@router.get("/admin", response_class=HTMLResponse)
def admin_page(request: Request, user: OptionalUser) -> Response:
    _require_admin(user)
    ctx = get_ctx(request)
    with ctx.sessions() as db:
        workers = db.execute(select(WorkerRow).order_by(WorkerRow.last_heartbeat.desc()).limit(50)).scalars().all()
    snapshot = ctx.catalog.snapshot
    return render(
        request,
        "admin.html",
        depth=ctx.queue.depth(),
        workers=workers,
        now=time.time(),
        lease_seconds=ctx.settings.lease_seconds,
        sandbox=_sandbox(request),
        errors=snapshot.errors,
        problem_count=len(snapshot.problems),
        loaded_at=snapshot.loaded_at,
    )


@router.post("/admin/reload")
def admin_reload(request: Request, *, csrf_token: str = Form(""), user: OptionalUser) -> Response:
    _require_admin(user)
    check_form_csrf(request, csrf_token)
    ctx = get_ctx(request)
    bump(ctx.engine, BANK_GENERATION)  # tells separate workers too
    ctx.catalog.reload()
    log.info("problem bank reloaded by %s", user.username if user else "?")
    return RedirectResponse("/admin", status_code=303)
