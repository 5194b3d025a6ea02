"""Prebuilt SELECTs run at the database driver's cost on SQLite: for the reads every
signed-in view of the pages read most runs (its login, its marks, its saved code...).

Through SQLAlchemy, a small prebuilt SELECT on SQLite costs several times the query
itself (an execution context, a result object, its rows), and a signed-in problem page
runs seven of them. `rows()` compiles a statement once per dialect and, on SQLite, runs
its SQL on the connection's own driver cursor (in the connection's transaction, as
SQLAlchemy would), applying the same conversions of results (integers to booleans)
that SQLAlchemy applies. On other databases it goes through SQLAlchemy. Either way the
caller gets tuples whose fields are also named after the selected columns.

Only for statements built once (module constants): the compiled form is kept per
statement object. A statement whose SQL depends on its parameters (an expanding IN)
goes through SQLAlchemy.
"""

from __future__ import annotations

import threading
import weakref
from collections import namedtuple
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Dialect, Select
from sqlalchemy.orm import Session


@dataclass(frozen=True)
class _Plan:
    sql: str | None  # None: run through SQLAlchemy
    names: tuple[str, ...]  # bound parameters in the order the SQL takes them
    defaults: dict[str, Any]  # values bound in the statement itself (literals)
    processors: tuple[Callable[[Any], Any] | None, ...]
    row: Callable[..., tuple[Any, ...]]


_PLANS: weakref.WeakKeyDictionary[Select[Any], dict[str, _Plan]] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def rows(db: Session | Connection, stmt: Select[Any], params: Mapping[str, Any]) -> list[tuple[Any, ...]]:
    """Every row of a prebuilt SELECT, as tuples with named fields."""
    conn = db.connection() if isinstance(db, Session) else db
    plan = _plan(stmt, conn.dialect)
    if plan.sql is None:
        return [plan.row(*row) for row in conn.execute(stmt, params)]
    values = {**plan.defaults, **params}
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(plan.sql, [values[name] for name in plan.names])
        fetched = cursor.fetchall()
    finally:
        cursor.close()
    if any(plan.processors):
        return [plan.row(*_converted(plan.processors, row)) for row in fetched]
    return [plan.row(*row) for row in fetched]


def _converted(processors: tuple[Callable[[Any], Any] | None, ...], row: tuple[Any, ...]) -> list[Any]:
    return [value if convert is None else convert(value) for convert, value in zip(processors, row, strict=True)]


def first(db: Session | Connection, stmt: Select[Any], params: Mapping[str, Any]) -> tuple[Any, ...] | None:
    """The first row of a prebuilt SELECT, or None."""
    found = rows(db, stmt, params)
    return found[0] if found else None


def _plan(stmt: Select[Any], dialect: Dialect) -> _Plan:
    with _LOCK:
        plan = _PLANS.get(stmt, {}).get(dialect.name)
    if plan is not None:
        return plan
    columns = list(stmt.selected_columns)
    row = namedtuple("Row", [column.key or f"_{i}" for i, column in enumerate(columns)], rename=True)  # type: ignore[misc]
    sql: str | None = None
    names: tuple[str, ...] = ()
    defaults: dict[str, Any] = {}
    if dialect.name == "sqlite":
        compiled = stmt.compile(dialect=dialect)
        if "POSTCOMPILE" not in compiled.string and compiled.positiontup is not None:
            sql, names = compiled.string, tuple(compiled.positiontup)
            given = {bind.key for bind in compiled.binds.values() if bind.required}  # supplied per call
            defaults = {k: v for k, v in compiled.construct_params(dict.fromkeys(given)).items() if k not in given}
    processors = tuple(column.type.result_processor(dialect, None) for column in columns)
    plan = _Plan(sql, names, defaults, processors, row)
    with _LOCK:
        _PLANS.setdefault(stmt, {})[dialect.name] = plan
    return plan
