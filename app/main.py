"""The FastAPI application factory: one settings object in, a ready app out.

At start it migrates the database, loads the problem bank (rendering every
statement once), starts the embedded judging workers and a watcher that reloads
the bank when `tensordojo problems reload` (or the admin page) asks for it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.bodylimit import BodySizeLimit
from app.catalog import Catalog
from app.config import AppSettings
from app.context import AppContext
from app.db import make_engine, make_session_factory, migrate
from app.queue import SubmissionQueue
from app.routes import admin, api, auth, pages
from app.routes.render import render
from app.security import SessionCodec
from app.sessions import SessionMiddleware
from app.state import BANK_GENERATION, get_int
from app.templating import setup_filters
from app.webguard import NONCE_KEY, SecurityHeaders, TrustedProxies
from app.worker import JudgeFn, PooledJudge, QueueWorker

log = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parent.parent
SWAGGER = "/static/vendor/swagger-ui"


def create_app(settings: AppSettings, *, judge: JudgeFn | None = None) -> FastAPI:
    """Build the app; workers start with the server (lifespan), not here.

    `judge` defaults to the runner behind a warm pool shared by the embedded workers."""
    engine = make_engine(settings)
    migrate(engine, settings)
    secret = settings.secret_file("session-secret")
    templates = Jinja2Templates(directory=str(ROOT / "templates"))
    setup_filters(templates.env)
    catalog = Catalog(settings.problems_dir)
    catalog.generation = get_int(engine, BANK_GENERATION)
    catalog.reload()
    ctx = AppContext(
        settings=settings,
        engine=engine,
        sessions=make_session_factory(engine),
        catalog=catalog,
        codec=SessionCodec(secret, settings.session_max_age_s),
        templates=templates,
        queue=SubmissionQueue(
            engine,
            lease_seconds=settings.lease_seconds,
            max_attempts=settings.max_attempts,
        ),
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        stop = threading.Event()
        watcher = threading.Thread(target=_watch_bank, args=(ctx, stop), name="bank-watcher", daemon=True)
        watcher.start()
        pooled = PooledJudge(settings) if judge is None and settings.workers else None
        judge_fn: JudgeFn | None = judge or pooled
        workers = (
            [QueueWorker(engine, settings, catalog, judge=judge_fn) for _ in range(settings.workers)]
            if judge_fn
            else []
        )
        threads = [threading.Thread(target=w.run, name=f"worker-{i}", daemon=True) for i, w in enumerate(workers)]
        for thread in threads:
            thread.start()
        log.info("%d embedded worker(s) started", len(workers))
        try:
            yield
        finally:
            stop.set()
            for w in workers:
                w.stop_event.set()
            for thread in threads:  # let submissions being judged finish
                thread.join(timeout=settings.lease_seconds)
            for w, thread in zip(workers, threads, strict=True):
                if thread.is_alive():
                    released = ctx.queue.release_worker(w.id)
                    log.warning(
                        "worker %s did not finish in time; released %d submission(s)",
                        w.id,
                        released,
                    )
            engine.dispose()

    app = FastAPI(
        title="TensorDojo",
        summary="Practice ML and GPU coding: problems, a sandboxed judge, leaderboards.",
        description="Scripts authenticate with a personal API token from the profile page "
        "(`Authorization: Bearer tdj_…`). Every error answer is `{\"detail\": \"…\"}`.",
        lifespan=lifespan,
        docs_url=None,  # served below from the app's own files (no CDN)
        redoc_url=None,
    )
    app.state.ctx = ctx
    # The last added runs first: proxies decide the client and scheme, then every
    # response gets the security headers, then bodies are limited, then the session.
    app.add_middleware(SessionMiddleware, codec=ctx.codec, secure=settings.secure_cookies)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(SecurityHeaders)
    networks = settings.trusted_networks()
    if networks:
        app.add_middleware(TrustedProxies, networks=networks)
    app.mount("/static", StaticFiles(directory=str(ROOT / "app" / "static")), name="static")
    app.include_router(api.router)
    app.include_router(auth.router)
    app.include_router(pages.router)
    app.include_router(admin.router)

    @app.get("/docs", include_in_schema=False)
    async def api_docs(request: Request) -> HTMLResponse:
        """Swagger UI from the vendored copy; its one inline script carries the CSP nonce."""
        page = get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title="TensorDojo API",
            swagger_js_url=f"{SWAGGER}/swagger-ui-bundle.js",
            swagger_css_url=f"{SWAGGER}/swagger-ui.css",
            swagger_favicon_url=f"{SWAGGER}/favicon-32x32.png",
            swagger_ui_parameters={"validatorUrl": None, "tryItOutEnabled": False},
        )
        html = bytes(page.body).decode().replace("<script>", f'<script nonce="{request.scope[NONCE_KEY]}">')
        return HTMLResponse(html)

    _install_handlers(app)
    return app


def _watch_bank(ctx: AppContext, stop: threading.Event) -> None:
    while not stop.wait(ctx.settings.bank_watch_interval_s):
        try:
            generation = get_int(ctx.engine, BANK_GENERATION)
            if generation != ctx.catalog.generation:
                ctx.catalog.generation = generation
                ctx.catalog.reload()
        except Exception:
            log.exception("bank watcher failed")


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _install_handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
        return render(
            request,
            "error.html",
            status_code=exc.status_code,
            message=str(exc.detail),
            status=exc.status_code,
        )

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        parts = []
        for err in exc.errors():
            where = ".".join(str(p) for p in err.get("loc", ()) if p != "body")
            parts.append(f"{where}: {err.get('msg')}" if where else str(err.get("msg")))
        message = "invalid request: " + "; ".join(parts)
        if _wants_json(request):
            return JSONResponse({"detail": message}, status_code=422)
        return render(request, "error.html", status_code=422, message=message, status=422)
