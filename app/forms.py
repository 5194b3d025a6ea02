"""Strict parsing of the pages' form posts.

Browsers send forms as UTF-8, percent-encoded. Starlette's parser would turn bytes
that are not UTF-8 into U+FFFD or Latin-1 look-alikes and store them; here a post
that is not UTF-8 is refused with the field and byte that are wrong, and nothing is
saved. A real U+FFFD typed by the user arrives as valid UTF-8 and is kept.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any
from urllib.parse import unquote_to_bytes

from fastapi import HTTPException, Request, Response
from fastapi.routing import APIRoute
from python_multipart.multipart import parse_options_header
from starlette.datastructures import FormData

MAX_FIELDS = 1000


def _decode(raw: bytes, field: str | None) -> str:
    data = unquote_to_bytes(raw.replace(b"+", b" "))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        what = f"the form field {field!r}" if field is not None else "a form field's name"
        bad = data[exc.start : exc.end]
        raise HTTPException(
            400,
            f"{what} is not UTF-8 text: byte {' '.join(f'0x{b:02X}' for b in bad)} at byte {exc.start} "
            "cannot be decoded. Nothing was saved; send the form as UTF-8 (as this site's pages do).",
        ) from None


def parse_urlencoded(body: bytes, max_fields: int = MAX_FIELDS) -> FormData:
    """application/x-www-form-urlencoded -> FormData, refusing anything that is not UTF-8."""
    items: list[tuple[str, str]] = []
    for part in body.split(b"&"):
        if not part:
            continue
        if len(items) >= max_fields:
            raise HTTPException(400, f"too many form fields: at most {max_fields}")
        raw_name, _, raw_value = part.partition(b"=")
        name = _decode(raw_name, None)
        items.append((name, _decode(raw_value, name)))
    return FormData(items)


class StrictFormRequest(Request):
    async def _get_form(self, **limits: Any) -> FormData:  # type: ignore[override]
        if self._form is None:
            content_type, options = parse_options_header(self.headers.get("content-type", ""))
            if content_type == b"application/x-www-form-urlencoded":
                charset = options.get(b"charset", b"utf-8").decode("latin-1").lower()
                if charset not in ("utf-8", "utf8"):
                    raise HTTPException(400, f"form posts must be UTF-8, not {charset}")
                self._form = parse_urlencoded(await self.body(), int(limits.get("max_fields", MAX_FIELDS)))
            elif content_type == b"multipart/form-data":
                raise HTTPException(
                    415, "these forms take no files: send them as application/x-www-form-urlencoded (UTF-8)"
                )
        return await super()._get_form(**limits)


class StrictFormRoute(APIRoute):
    """A route whose form fields are parsed by StrictFormRequest."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def strict_handler(request: Request) -> Response:
            return await handler(StrictFormRequest(request.scope, request.receive))

        return strict_handler
