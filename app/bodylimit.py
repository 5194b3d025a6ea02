"""Refuse oversized request bodies before anything reads them (413 with a message)."""

from __future__ import annotations

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send


class BodySizeLimit:
    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            for name, value in scope.get("headers", []):
                if name == b"content-length" and value.isdigit() and int(value) > self.max_bytes:
                    message = f"request body is {int(value)} bytes; the limit is {self.max_bytes} bytes"
                    await JSONResponse({"detail": message}, status_code=413)(scope, receive, send)
                    return
        await self.app(scope, receive, send)
