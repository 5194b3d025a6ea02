"""Fixed-window rate limits kept in the database, so every web process shares them.

One conditional UPDATE takes a slot: it only matches while the window has room (or
has run out, which starts a new one). PostgreSQL re-checks that condition on the
row it locked and SQLite runs it under its single writer lock, so concurrent
requests, in one process or many, never take more slots than the limit.
"""

from __future__ import annotations

import math
import time

from sqlalchemy import Engine, case, delete, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from app.models import RateCounter

PRUNE_AFTER_S = 24 * 3600.0


def take(engine: Engine, key: str, limit: int, window_s: float, *, now: float | None = None) -> int | None:
    """Take one slot of `key`: None when allowed, else the seconds until one frees up."""
    now = time.time() if now is None else now
    expired = RateCounter.window_start <= now - window_s
    for _ in range(3):
        with engine.begin() as conn:
            taken = conn.execute(
                update(RateCounter)
                .where(RateCounter.key == key, or_(expired, RateCounter.count < limit))
                .values(
                    count=case((expired, 1), else_=RateCounter.count + 1),
                    window_start=case((expired, now), else_=RateCounter.window_start),
                )
            ).rowcount
            if taken:
                return None
            started = conn.execute(select(RateCounter.window_start).where(RateCounter.key == key)).scalar()
        if started is not None:
            return max(1, math.ceil(started + window_s - now))
        try:
            with engine.begin() as conn:
                conn.execute(delete(RateCounter).where(RateCounter.window_start < now - PRUNE_AFTER_S))
                conn.execute(insert(RateCounter).values(key=key, window_start=now, count=1))
            return None
        except IntegrityError:  # another request created the row just now: count against it
            continue
    raise RuntimeError(f"rate counter {key!r} kept changing under this request")


def clear(engine: Engine, key: str) -> None:
    """Forget a key's count (e.g. an account's failed logins once it logs in)."""
    with engine.begin() as conn:
        conn.execute(delete(RateCounter).where(RateCounter.key == key))
