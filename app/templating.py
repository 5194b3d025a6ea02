"""Jinja filters for times, durations and verdict styling."""

from __future__ import annotations

import time

from jinja2 import Environment


def _when(ts: float | None) -> str:
    if not ts:
        return ""
    return time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(ts))


def _ms(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.3f} ms" if value < 10 else f"{value:.1f} ms"


def _verdict_class(status: str | None) -> str:
    if status == "ACCEPTED":
        return "ok"
    if status in ("QUEUED", "RUNNING"):
        return "pending"
    return "bad"


def _ago(ts: float | None) -> str:
    if not ts:
        return "never"
    delta = max(0.0, time.time() - ts)
    if delta < 90:
        return f"{delta:.0f} s ago"
    if delta < 5400:
        return f"{delta / 60:.0f} min ago"
    return f"{delta / 3600:.1f} h ago"


def setup_filters(env: Environment) -> None:
    env.filters["when"] = _when
    env.filters["ms"] = _ms
    env.filters["verdict_class"] = _verdict_class
    env.filters["ago"] = _ago


def json_for_html(data: object) -> str:
    """JSON safe to embed in a <script> element: no `<`, `>` or `&` can close it."""
    import json

    return (
        json.dumps(data)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
