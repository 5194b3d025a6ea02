"""ASGI middleware every response passes through: the client's real address and scheme
behind trusted reverse proxies, and the security headers.

The content security policy allows scripts from the app's own files only (plus, per
response, a nonce for the one inline script of /docs); styles may be inline because
the editor and KaTeX set them from script. Pages cannot be framed.
"""

from __future__ import annotations

import ipaddress
import secrets

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.config import IPNetwork

NONCE_KEY = "td_csp_nonce"


def content_security_policy(nonce: str) -> str:
    return "; ".join(
        (
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        )
    )


class HTTPMiddleware:
    """An ASGI middleware that acts on HTTP requests (`handle`) and passes anything else
    (lifespan, websockets) through untouched."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            await self.handle(scope, receive, send)
        else:
            await self.app(scope, receive, send)

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError


STATIC_HEADERS = (
    ("x-frame-options", "DENY"),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "same-origin"),
    ("cross-origin-opener-policy", "same-origin"),
)


class SecurityHeaders(HTTPMiddleware):
    """Adds the headers to every HTTP response (pages, API, static files, errors)."""

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        nonce = secrets.token_urlsafe(16)
        scope[NONCE_KEY] = nonce

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if "content-security-policy" not in headers:
                    headers["content-security-policy"] = content_security_policy(nonce)
                for name, value in STATIC_HEADERS:
                    if name not in headers:
                        headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)


class TrustedProxies:
    """Believes X-Forwarded-For / X-Forwarded-Proto only from the configured proxies.

    The client is the nearest address in X-Forwarded-For that is not itself a trusted
    proxy; the scheme (which decides `Secure` cookies in auto mode) is the proxy's."""

    def __init__(self, app: ASGIApp, *, networks: list[IPNetwork]) -> None:
        self.app = app
        self.networks = networks

    def trusted(self, address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address.strip().strip("[]"))
        except ValueError:
            return False
        return any(ip in net for net in self.networks)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        client = scope.get("client")
        if scope["type"] in ("http", "websocket") and client and self.trusted(client[0]):
            headers = {name.decode("latin-1").lower(): value.decode("latin-1") for name, value in scope["headers"]}
            scope = dict(scope)
            chain = [part.strip() for part in headers.get("x-forwarded-for", "").split(",") if part.strip()]
            for address in reversed(chain):
                if not self.trusted(address):
                    scope["client"] = (address[:64], 0)
                    break
            else:
                if chain:
                    scope["client"] = (chain[0][:64], 0)
            proto = headers.get("x-forwarded-proto", "").split(",")[-1].strip().lower()
            if proto in ("http", "https"):
                scope["scheme"] = proto if scope["type"] == "http" else {"http": "ws", "https": "wss"}[proto]
        await self.app(scope, receive, send)
