"""The admin page: queue, workers and their devices, sandbox layers, problem load errors
(and the last good version still served), reload, re-judge progress, users."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Sequence
from typing import Any

from fastapi import HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import accounts, rejudge
from app.bootstrap import reload_bank
from app.deps import DB, AdminUser, FormCsrf, UserId, get_ctx
from app.models import User
from app.models import Worker as WorkerRow
from app.routes.render import page_router, render
from app.state import BANK_GENERATION, bump

router = page_router()
USERS_SHOWN = 200
log = logging.getLogger(__name__)


def _sandboxes(workers: Sequence[WorkerRow], now: float, lease_seconds: float) -> list[dict[str, Any]]:
    """The sandbox each live runner reported when it started, one entry per distinct
    (host, report): the web process judges nothing, so its own layers would mislead."""
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for w in workers:
        if w.state == "stopped" or now - w.last_heartbeat > lease_seconds or not w.sandbox:
            continue
        try:
            report = json.loads(w.sandbox)
            layers, degraded = list(report["layers"]), list(report["degraded"])
            # Runners from before the container backend reported no backend: theirs was the process one.
            backend, limits = str(report.get("backend", "process")), dict(report.get("limits") or {})
        except (ValueError, KeyError, TypeError):
            layers, degraded = [], [f"worker {w.id} reported an unreadable sandbox report"]
            backend, limits = "unknown", {}
        entry = found.setdefault(
            (w.host, w.sandbox),
            {"host": w.host, "workers": [], "backend": backend, "limits": limits, "layers": layers,
             "degraded": degraded},
        )
        entry["workers"].append(w.id)
    return list(found.values())


@router.get("/admin", response_class=HTMLResponse)
def admin_page(request: Request, admin: AdminUser, db: DB, q: str = "") -> Response:
    return _admin_page(request, db, admin, q=q)


def _admin_page(
    request: Request,
    db: Session,
    admin: User,
    *,
    q: str = "",
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    ctx = get_ctx(request)
    now = time.time()
    workers = db.execute(select(WorkerRow).order_by(WorkerRow.last_heartbeat.desc()).limit(50)).scalars().all()
    query = select(User).order_by(User.id).limit(USERS_SHOWN)
    if q.strip():
        query = query.where(User.username.contains(q.strip(), autoescape=True))
    users = db.execute(query).scalars().all()
    snapshot = ctx.catalog.snapshot
    return render(
        request,
        "admin.html",
        status_code=status_code,
        users=users,
        f_q=q,
        me=admin,
        users_error=error,
        depth=ctx.queue.depth(),
        workers=workers,
        now=now,
        lease_seconds=ctx.settings.lease_seconds,
        sandboxes=_sandboxes(workers, now, ctx.settings.lease_seconds),
        bank_errors=snapshot.bank_errors,
        failures=list(snapshot.failures.values()),
        problem_count=len(snapshot.problems),
        loaded_at=snapshot.loaded_at,
        problems_dir=ctx.settings.problems_dir,
        rejudges=rejudge.progress(ctx.engine, ctx.catalog),
        rounds=ctx.rounds.current(),
    )


@router.post("/admin/reload")
def admin_reload(request: Request, admin: AdminUser, _csrf: FormCsrf) -> Response:
    ctx = get_ctx(request)
    bump(ctx.engine, BANK_GENERATION)  # tells separate workers too
    reload_bank(ctx)  # at the new generation: this process's watcher need not load it again
    log.info("problem bank reloaded by %s", admin.username)
    return RedirectResponse("/admin", status_code=303)


@router.post("/admin/users/{user_id}/{action}")
def admin_user_action(
    request: Request, admin: AdminUser, _csrf: FormCsrf, user_id: UserId, action: accounts.RoleAction, db: DB
) -> Response:
    """Promote, demote, disable or enable an account. Admins cannot demote or disable
    themselves here (the CLI can), and the last enabled admin always stays."""
    target = db.get(User, user_id)
    if target is None:
        raise HTTPException(404, f"no user {user_id}")
    if target.id == admin.id and action in ("demote", "disable"):
        return _admin_page(request, db, admin, error=f"you cannot {action} yourself here", status_code=400)
    try:
        accounts.change_role(db, target, action)
    except accounts.AccountError as exc:
        return _admin_page(request, db, admin, error=str(exc), status_code=400)
    log.info("admin %r: %s %r", admin.username, action, target.username)
    return RedirectResponse("/admin#users", status_code=303)
