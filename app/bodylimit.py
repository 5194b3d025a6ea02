"""Refuse oversized request bodies while they stream in, whatever the transfer encoding.

A declared Content-Length over the limit is refused before a byte is read; a chunked
(or lying) body is counted as it arrives and refused the moment it passes the limit,
so nothing ever buffers more than the limit. The refusal is an HTTPException(413),
raised where the app reads the body, so the usual error pages and JSON apply.
"""

from __future__ import annotations

from fastapi import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.webguard import HTTPMiddleware


class BodySizeLimit(HTTPMiddleware):
    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        super().__init__(app)
        self.max_bytes = max_bytes

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        declared: int | None = None
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                declared = int(value) if value.isdigit() else None
        limit = self.max_bytes
        received = 0

        def too_large(size: str) -> HTTPException:
            return HTTPException(413, f"request body is {size}; the limit is {limit} bytes ({limit // 1024} KiB)")

        async def limited_receive() -> Message:
            nonlocal received
            if declared is not None and declared > limit:
                raise too_large(f"{declared} bytes")
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise too_large(f"over {limit} bytes")
            return message

        await self.app(scope, limited_receive, send)
