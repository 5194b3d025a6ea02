"""The databases the web tests run against: SQLite in the test's own temp dir, or a fresh
PostgreSQL database made for the test on the server TENSORDOJO_TEST_DATABASE_URL names
(scripts/postgres.sh starts one on loopback and sets it; any server where that URL may
CREATE DATABASE works) and dropped after it.

Without that variable the PostgreSQL cases skip, except under CI (CI set), where a
missing server is a failure: CI must never go green on SQLite alone.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, make_url, text

SERVER_ENV = "TENSORDOJO_TEST_DATABASE_URL"
KINDS = ("sqlite", "postgresql")


def postgres_server() -> str:
    """The PostgreSQL server's admin URL (skip, or fail under CI, without one)."""
    url = os.environ.get(SERVER_ENV)
    if url:
        return url
    message = f"no PostgreSQL for the tests: {SERVER_ENV} is unset (source scripts/postgres.sh)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@contextmanager
def postgres_database() -> Iterator[str]:
    """A new, empty database on the test server; its URL (psycopg 3 driver)."""
    server = make_url(postgres_server()).set(drivername="postgresql+psycopg")
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    name = f"tdj_test_{uuid.uuid4().hex[:16]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:  # FORCE: engines a test left open must not keep it alive
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def database(kind: str) -> Iterator[str | None]:
    """The TENSORDOJO_DATABASE_URL for one test of this kind (None: SQLite in the data dir)."""
    if kind == "sqlite":
        yield None
        return
    with postgres_database() as url:
        yield url
