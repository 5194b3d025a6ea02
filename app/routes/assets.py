"""Text assets the app generates from their one source, so they cannot drift from it:
the verdict vocabulary for the page scripts (from the judge's enums) and the stylesheet
of highlighted code (from the Pygments style that highlights the statements)."""

from __future__ import annotations

import hashlib

from fastapi import APIRouter, Request
from fastapi.responses import Response

from app.statement import pygments_css
from app.vocabulary import browser_script

router = APIRouter(include_in_schema=False)  # no user, no session lookup: plain files


class GeneratedAsset:
    """A text built once at start; revalidated by the browser on each load (ETag), since
    a new version of the app may change it."""

    def __init__(self, text: str, media_type: str) -> None:
        self.body = text.encode()
        self.media_type = media_type
        self.etag = '"' + hashlib.sha256(self.body).hexdigest()[:16] + '"'

    def response(self, request: Request) -> Response:
        headers = {"Cache-Control": "no-cache", "ETag": self.etag}
        if request.headers.get("if-none-match") == self.etag:
            return Response(status_code=304, headers=headers)
        return Response(self.body, media_type=self.media_type, headers=headers)


VOCABULARY = GeneratedAsset(browser_script(), "text/javascript")
CODE_STYLE = GeneratedAsset(pygments_css() + "\n", "text/css")


@router.get("/js/vocabulary.js")
def vocabulary_script(request: Request) -> Response:
    """Verdicts and submission states for the page scripts (window.TDVocabulary)."""
    return VOCABULARY.response(request)


@router.get("/css/pygments.css")
def code_style(request: Request) -> Response:
    """Colours of the code blocks in problem statements."""
    return CODE_STYLE.response(request)
