"""Cross-process flags kept in the app_state table (e.g. "reload the bank")."""

from __future__ import annotations

from sqlalchemy import Engine, Integer, Text, select, update
from sqlalchemy.exc import IntegrityError

from app.models import AppState

BANK_GENERATION = "bank_generation"


def get_int(engine: Engine, key: str) -> int:
    with engine.connect() as conn:
        value = conn.execute(select(AppState.value).where(AppState.key == key)).scalar()
    return int(value) if value is not None else 0


def bump(engine: Engine, key: str) -> None:
    """Increment a counter row atomically, creating it on first use."""
    with engine.begin() as conn:
        res = conn.execute(
            update(AppState).where(AppState.key == key).values(value=(AppState.value.cast(Integer) + 1).cast(Text))
        )
        if res.rowcount:
            return
    try:
        with engine.begin() as conn:
            conn.execute(AppState.__table__.insert().values(key=key, value="1"))
    except IntegrityError:  # created meanwhile by another process
        bump(engine, key)
