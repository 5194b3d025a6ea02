"""A small ASGI middleware for the signed session cookie.

The cookie is only (re)issued when the session changed, so anonymous page views
cost no signing and set no cookie until a form needs a CSRF token.
"""

from __future__ import annotations

from http.cookies import CookieError, SimpleCookie
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.security import SessionCodec, new_csrf_token

COOKIE_NAME = "td_session"
SCOPE_KEY = "td_session"


class WebSession:
    """The decoded cookie: who is logged in and the CSRF token for their forms."""

    def __init__(self, data: dict[str, Any] | None) -> None:
        data = data or {}
        uid = data.get("uid")
        self.uid: int | None = uid if isinstance(uid, int) else None
        csrf = data.get("csrf")
        self._csrf: str | None = csrf if isinstance(csrf, str) else None
        self.dirty = False

    @property
    def csrf(self) -> str:
        if not self._csrf:
            self._csrf = new_csrf_token()
            self.dirty = True
        return self._csrf

    @property
    def existing_csrf(self) -> str | None:
        return self._csrf

    def login(self, uid: int) -> None:
        self.uid = uid
        self._csrf = new_csrf_token()  # a fresh token per login
        self.dirty = True

    def logout(self) -> None:
        self.uid = None
        self._csrf = new_csrf_token()
        self.dirty = True

    def to_dict(self) -> dict[str, Any]:
        return {"uid": self.uid, "csrf": self._csrf}


class SessionMiddleware:
    def __init__(self, app: ASGIApp, *, codec: SessionCodec, secure: bool) -> None:
        self.app = app
        self.codec = codec
        self.secure = secure

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        session = WebSession(self._read(scope))
        scope[SCOPE_KEY] = session

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start" and session.dirty:
                headers = MutableHeaders(scope=message)
                headers.append("Set-Cookie", self._cookie(session))
            await send(message)

        await self.app(scope, receive, send_wrapper)

    def _read(self, scope: Scope) -> dict[str, Any] | None:
        for name, value in scope.get("headers", []):
            if name == b"cookie":
                cookie: SimpleCookie = SimpleCookie()
                try:
                    cookie.load(value.decode("latin-1"))
                except CookieError:
                    return None
                morsel = cookie.get(COOKIE_NAME)
                if morsel is not None:
                    return self.codec.loads(morsel.value)
        return None

    def _cookie(self, session: WebSession) -> str:
        parts = [
            f"{COOKIE_NAME}={self.codec.dumps(session.to_dict())}",
            "Path=/",
            f"Max-Age={self.codec.max_age_s}",
            "HttpOnly",
            "SameSite=Lax",
        ]
        if self.secure:
            parts.append("Secure")
        return "; ".join(parts)
