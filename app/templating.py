"""The Jinja environment of the pages: filters for times, durations and sizes, and the
verdict vocabulary (see app.vocabulary) as globals, so templates never spell a verdict.

Templates are compiled once per process (they change only with a new release, which
restarts the server), and `FragmentCache` keeps parts of pages that are the same for
many requests, keyed by everything they are rendered from."""

from __future__ import annotations

import json
import threading
import time
from collections import OrderedDict
from collections.abc import Hashable
from pathlib import Path
from typing import Any

from fastapi.templating import Jinja2Templates
from jinja2 import Environment
from markupsafe import Markup

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
    env.auto_reload = False  # no stat() of every template file on every page
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


class FragmentCache:
    """Rendered fragments of one template, least recently used dropped past `size`.

    The key must name everything the fragment is rendered from (the caller builds both
    from the same values), so a hit is exactly the HTML a fresh render would give;
    nothing is ever stale, only unused."""

    def __init__(self, template: str, size: int = 512) -> None:
        self.template = template
        self.size = size
        self._lock = threading.Lock()
        self._items: OrderedDict[Hashable, Markup] = OrderedDict()

    def render(self, env: Environment, key: Hashable, **context: Any) -> Markup:
        with self._lock:
            html = self._items.get(key)
            if html is not None:
                self._items.move_to_end(key)
                return html
        html = Markup(env.get_template(self.template).render(**context))
        with self._lock:
            self._items[key] = html
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return html
