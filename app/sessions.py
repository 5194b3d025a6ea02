"""A small ASGI middleware for the signed session cookie.

The cookie carries the CSRF token for the browser's forms and, once logged in, the
token of a server-side login session (app.logins decides whether it is still live).
It is only (re)issued when the session changed, so anonymous page views cost no
signing and set no cookie until a form needs a CSRF token.
"""

from __future__ import annotations

from http.cookies import CookieError, SimpleCookie
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.security import SessionCodec, new_csrf_token
from app.webguard import HTTPMiddleware

COOKIE_NAME = "td_session"
SCOPE_KEY = "td_session"


class WebSession:
    """The decoded cookie: the login session token and the CSRF token for forms."""

    def __init__(self, data: dict[str, Any] | None) -> None:
        data = data or {}
        sid = data.get("sid")
        self.sid: str | None = sid if isinstance(sid, str) and sid else None
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

    def login(self, sid: str) -> None:
        self.sid = sid
        self._csrf = new_csrf_token()  # a fresh token per login
        self.dirty = True

    def forget_login(self) -> None:
        """Drop a login token the server no longer knows; the CSRF token stays valid."""
        self.sid = None
        self.dirty = True

    def logout(self) -> None:
        self.sid = None
        self._csrf = new_csrf_token()
        self.dirty = True

    def to_dict(self) -> dict[str, Any]:
        return {"sid": self.sid, "csrf": self._csrf}


def _cookie_value(header: str) -> str | None:
    """This app's cookie in a Cookie header. Its values are signed URL-safe text, never
    quoted, so a split finds them (a quoted one goes through the standard parser)."""
    found = None
    for part in header.split(";"):
        name, sep, value = part.partition("=")
        if sep and name.strip() == COOKIE_NAME:
            found = value.strip()
    if found is None or not found.startswith('"'):
        return found
    cookie: SimpleCookie = SimpleCookie()
    try:
        cookie.load(header)
    except CookieError:
        return None
    morsel = cookie.get(COOKIE_NAME)
    return morsel.value if morsel is not None else None


class SessionMiddleware(HTTPMiddleware):
    """`secure`: "true" or "false" forces the cookie's Secure flag; "auto" sets it when
    the request came over HTTPS (as told by a trusted proxy, see app.webguard)."""

    def __init__(self, app: ASGIApp, *, codec: SessionCodec, secure: str = "auto") -> None:
        super().__init__(app)
        self.codec = codec
        self.secure = secure

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        session = WebSession(self._read(scope))
        scope[SCOPE_KEY] = session
        secure = self.secure == "true" or (self.secure == "auto" and scope.get("scheme") == "https")

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start" and session.dirty:
                headers = MutableHeaders(scope=message)
                headers.append("Set-Cookie", self._cookie(session, secure))
            await send(message)

        await self.app(scope, receive, send_wrapper)

    def _read(self, scope: Scope) -> dict[str, Any] | None:
        for name, value in scope.get("headers", []):
            if name == b"cookie":
                raw = _cookie_value(value.decode("latin-1"))
                if raw is not None:
                    return self.codec.loads(raw)
        return None

    def _cookie(self, session: WebSession, secure: bool) -> str:
        parts = [
            f"{COOKIE_NAME}={self.codec.dumps(session.to_dict())}",
            "Path=/",
            f"Max-Age={self.codec.max_age_s}",
            "HttpOnly",
            "SameSite=Lax",
        ]
        if secure:
            parts.append("Secure")
        return "; ".join(parts)
