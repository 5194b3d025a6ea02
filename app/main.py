"""The FastAPI application factory: one settings object in, a ready app out.

At start it migrates the database, loads the problem bank (rendering every
statement once), starts the embedded judging workers and a watcher that reloads
the bank when `tensordojo problems reload` (or the admin page) asks for it.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.bodylimit import BodySizeLimit
from app.bootstrap import BankWatcher, bootstrap
from app.config import AppSettings
from app.context import AppContext
from app.deps import LoginRequired, login_redirect
from app.routes import admin, api, api_learner, assets, auth, learn, pages, profile, rounds, submissions
from app.routes.render import render
from app.security import SessionCodec
from app.sessions import SessionMiddleware
from app.templating import make_templates
from app.webguard import NONCE_KEY, SecurityHeaders, TrustedProxies
from app.worker import EmbeddedWorkers, JudgeFn

log = logging.getLogger(__name__)
STATIC_DIR = Path(__file__).resolve().parent / "static"
SWAGGER = "/static/vendor/swagger-ui"


def create_app(settings: AppSettings, *, judge: JudgeFn | None = None) -> FastAPI:
    """Build the app; workers start with the server (lifespan), not here.

    `judge` defaults to the runner behind a warm pool shared by the embedded workers."""
    ctx = AppContext.around(
        bootstrap(settings, schedules_rejudges=True),
        codec=SessionCodec(settings.secret_file("session-secret"), settings.session_max_age_s),
        templates=make_templates(),
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        watcher = BankWatcher(ctx)
        workers = EmbeddedWorkers(ctx, settings.embedded_workers(), judge)
        watcher.start()
        workers.start()
        try:
            yield
        finally:
            watcher.stop()
            workers.stop()
            ctx.engine.dispose()

    app = FastAPI(
        title="TensorDojo",
        summary="Practice ML and GPU coding: problems, a sandboxed judge, leaderboards.",
        description="Scripts authenticate with a personal API token from the profile page "
        '(`Authorization: Bearer tdj_…`). Every error answer is `{"detail": "…"}`.',
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
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    for module in (api, api_learner, auth, pages, learn, rounds, submissions, profile, admin, assets):
        app.include_router(module.router)

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


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _install_handlers(app: FastAPI) -> None:
    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, _exc: LoginRequired) -> Response:
        return login_redirect(request)

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
