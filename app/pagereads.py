"""The signed-in reads of the pages read most (the problem list, a problem page): the
user behind the cookie and what the page shows of theirs, done the cheapest safe way
for the database in use.

Measured under load (bench/web_load.py), handing these sub-millisecond reads to a
worker thread cost more than the reads themselves (the handoff, and the contention for
the interpreter it brings). So:

- SQLite (the default: a local file in WAL mode, where readers never wait for writers)
  is read on the event loop, through a connection of its own that is opened
  `query_only`: a write there fails at once instead of waiting for the write lock, and
  it never waits for the shared pool either. The one write (a login's last-seen time,
  every `logins.TOUCH_INTERVAL_S`) goes to a thread.
- Another database (PostgreSQL, over the network) is read in one trip to a small pool
  of threads: the user and the page's reads together.
- A request with an API token (a script reading a page) is served as `current_user`
  serves it, in a thread.

`read(conn, user)` must only read, with Core statements (it gets a Connection, not an
ORM session); the user it gets is detached, as after its session closed.
"""

from __future__ import annotations

import asyncio
import time
import weakref
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from fastapi import Request
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from app import logins
from app.deps import credentials, get_ctx, is_bearer, load_user
from app.models import User
from app.sessions import WebSession

T = TypeVar("T")
_THREADS = ThreadPoolExecutor(4, thread_name_prefix="page-reads")  # a few, not the request pool's forty
_READERS: weakref.WeakKeyDictionary[Engine, Engine] = weakref.WeakKeyDictionary()


async def user_and_reads(request: Request, read: Callable[[Connection, User], T]) -> tuple[User | None, T | None]:
    """The signed-in user (as `current_user` gives it) and `read(conn, user)` for them;
    (None, None) for an anonymous visitor, who costs no query at all."""
    found = credentials(request)
    if found is None:
        return None, None
    auth, session = found
    ctx = get_ctx(request)
    engine = ctx.engine
    loop = asyncio.get_running_loop()
    if is_bearer(auth):
        user, data = await loop.run_in_executor(_THREADS, _with_token, request, ctx.sessions, auth, session, read)
    elif engine.dialect.name == "sqlite":
        now = time.time()
        with _reader(engine).connect() as conn:
            user, data, due = _reads(conn, session, read, now)
        if due is not None:
            await loop.run_in_executor(_THREADS, logins.touch, engine, due, now)
    else:
        user, data = await loop.run_in_executor(_THREADS, _in_thread, engine, session, read)
    request.state.user = user
    return user, data


def _reads(
    conn: Connection, session: WebSession, read: Callable[[Connection, User], T], now: float
) -> tuple[User | None, T | None, int | None]:
    assert session.sid is not None
    found = logins.find_login(conn, session.sid, now)
    if found is None:  # logged out elsewhere, expired or disabled: forget the stale token
        session.forget_login()
        return None, None, None
    user, due = found
    return user, read(conn, user), due


def _in_thread(engine: Engine, session: WebSession, read: Callable[[Connection, User], T]) -> tuple[Any, Any]:
    now = time.time()
    with engine.connect() as conn:
        user, data, due = _reads(conn, session, read, now)
    if due is not None:
        logins.touch(engine, due, now)
    return user, data


def _with_token(
    request: Request,
    sessions: sessionmaker[Session],
    auth: str,
    session: WebSession,
    read: Callable[[Connection, User], T],
) -> tuple[Any, Any]:
    with sessions() as db:
        user = load_user(request, db, auth, session)
        return user, (read(db.connection(), user) if user is not None else None)


def _reader(engine: Engine) -> Engine:
    """One read-only connection to the same SQLite file, for the event loop's use only."""
    reader = _READERS.get(engine)
    if reader is None:
        reader = create_engine(
            engine.url, poolclass=StaticPool, connect_args={"check_same_thread": False, "timeout": 30}
        )
        event.listen(reader, "connect", _read_only)
        event.listen(engine, "engine_disposed", lambda _engine: reader.dispose())
        _READERS[engine] = reader
    return reader


def _read_only(dbapi_conn: Any, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA query_only = ON")
    cursor.execute("PRAGMA busy_timeout = 30000")
    cursor.close()
