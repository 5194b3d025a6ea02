"""The Jinja environment of the pages: filters for times, durations and sizes, and the
verdict vocabulary (see app.vocabulary) as globals, so templates never spell a verdict."""

from __future__ import annotations

import json
import time
from pathlib import Path

from fastapi.templating import Jinja2Templates

from app.vocabulary import PENDING, is_pending, verdict_class
from runner.verdicts import SubmissionState, Verdict

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"


def _when(ts: float | None) -> str:
    if not ts:
        return ""
    return time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(ts))


def _ms(value: float | None) -> str:
    if not isinstance(value, int | float):
        return "-"
    return f"{value:.3f} ms" if value < 10 else f"{value:.1f} ms"


def _mib(value: float | None) -> str:
    if not isinstance(value, int | float):
        return "-"
    return f"{value / 2**20:.1f} MiB"


def _ago(ts: float | None) -> str:
    if not ts:
        return "never"
    delta = max(0.0, time.time() - ts)
    if delta < 90:
        return f"{delta:.0f} s ago"
    if delta < 5400:
        return f"{delta / 60:.0f} min ago"
    return f"{delta / 3600:.1f} h ago"


def make_templates() -> Jinja2Templates:
    """The pages' templates with the app's filters, tests and globals."""
    templates = Jinja2Templates(directory=str(TEMPLATES_DIR))
    env = templates.env
    env.filters.update(when=_when, ms=_ms, mib=_mib, verdict_class=verdict_class, ago=_ago)
    env.tests["pending"] = is_pending
    env.globals.update(Verdict=Verdict, SubmissionState=SubmissionState, PENDING=PENDING)
    return templates


def json_for_html(data: object) -> str:
    """JSON safe to embed in a <script> element: no `<`, `>` or `&` can close it."""
    return (
        json.dumps(data)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
