"""The clock of the learner's calendar: rounds' deadlines, reviews' due dates, the
profile's activity by day.

It is the wall clock, unless the operator sets TENSORDOJO_CLOCK_FILE: then the number of
seconds in that file is added to it, read afresh on every call. Tests (and demos) move
time forward by writing that file, so a round runs out and a review falls due without
anyone waiting; a running server needs no restart for it.
"""

from __future__ import annotations

import logging
import time

from app.config import AppSettings

log = logging.getLogger(__name__)


def now(settings: AppSettings) -> float:
    """UNIX seconds, moved forward by the clock file's offset where one is configured."""
    current = time.time()
    if settings.clock_file is None:
        return current
    try:
        text = settings.clock_file.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return current
    except OSError as exc:
        log.warning("clock file %s cannot be read (%s): using the wall clock", settings.clock_file, exc)
        return current
    try:
        return current + float(text or 0)
    except ValueError:
        log.warning("clock file %s holds %r, not a number of seconds: using the wall clock", settings.clock_file, text)
        return current
