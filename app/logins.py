"""Server-side login sessions: what makes logging out (here or everywhere), a password
change and an admin's "disable" take effect at once, whatever cookie a browser keeps."""

from __future__ import annotations

import secrets
import time

from sqlalchemy import Connection, Engine, bindparam, delete, func, select, update
from sqlalchemy.orm import Session, make_transient_to_detached

from app import prebuilt
from app.models import LoginSession, User
from app.security import hash_session_token

TOUCH_INTERVAL_S = 300.0  # how stale last_seen_at may get: one write per session per 5 minutes at most
# Built once: every signed-in request runs one of these, and building it per call cost
# more than running it. `_RESOLVE_ROW` is the same lookup on plain columns (no ORM).
_SESSIONS, _USERS = LoginSession.__table__, User.__table__
_LIVE = (
    _SESSIONS.c.token_hash == bindparam("token_hash"),
    _SESSIONS.c.expires_at > bindparam("now"),
    _USERS.c.disabled.is_(False),
)
_RESOLVE = (
    select(LoginSession.id, LoginSession.last_seen_at, User).join(User, User.id == LoginSession.user_id).where(*_LIVE)
)
_USER_FIELDS = tuple(column.key for column in _USERS.c)
_RESOLVE_ROW = (
    select(_SESSIONS.c.id.label("login_id"), _SESSIONS.c.last_seen_at.label("login_seen_at"), _USERS)
    .join(_USERS, _USERS.c.id == _SESSIONS.c.user_id)
    .where(*_LIVE)
)


def start(db: Session, user: User, *, max_age_s: float, user_agent: str = "") -> str:
    """A new session for `user`; returns the token the cookie carries (never stored)."""
    token = secrets.token_urlsafe(32)
    now = time.time()
    db.execute(delete(LoginSession).where(LoginSession.expires_at < now))
    db.add(
        LoginSession(
            token_hash=hash_session_token(token),
            user_id=user.id,
            created_at=now,
            last_seen_at=now,
            expires_at=now + max_age_s,
            user_agent=(user_agent or "")[:200],
        )
    )
    db.commit()
    return token


def resolve(db: Session, token: str) -> User | None:
    """The enabled user behind a live session token, or None."""
    now = time.time()
    row = db.execute(_RESOLVE, {"token_hash": hash_session_token(token), "now": now}).first()
    if row is None:
        return None
    session_id, last_seen, user = row
    if now - last_seen > TOUCH_INTERVAL_S:
        db.execute(update(LoginSession).where(LoginSession.id == session_id).values(last_seen_at=now))
        db.commit()
    return user


def find_login(conn: Connection, token: str, now: float) -> tuple[User, int | None] | None:
    """`resolve` for the pages read most, without writing: one Core row, no ORM query.
    The user comes back detached (as one loaded by a session that has closed), with the
    login's id when its last_seen_at is due for `touch`, else None."""
    row = prebuilt.first(conn, _RESOLVE_ROW, {"token_hash": hash_session_token(token), "now": now})
    if row is None:
        return None
    login_id, seen_at, *fields = row
    user = User(**dict(zip(_USER_FIELDS, fields, strict=True)))
    make_transient_to_detached(user)
    return user, login_id if now - seen_at > TOUCH_INTERVAL_S else None


def touch(engine: Engine, login_id: int, now: float) -> None:
    """Record that a login was seen (what `resolve` does every TOUCH_INTERVAL_S)."""
    with engine.begin() as conn:
        conn.execute(update(_SESSIONS).where(_SESSIONS.c.id == login_id).values(last_seen_at=now))


def end(db: Session, token: str) -> None:
    db.execute(delete(LoginSession).where(LoginSession.token_hash == hash_session_token(token)))
    db.commit()


def end_all(db: Session, user_id: int, *, keep: str | None = None) -> int:
    """End every session of a user (but `keep`, the caller's own, when given)."""
    query = delete(LoginSession).where(LoginSession.user_id == user_id)
    if keep:
        query = query.where(LoginSession.token_hash != hash_session_token(keep))
    ended = db.execute(query).rowcount
    db.commit()
    return int(ended or 0)


def count(db: Session, user_id: int) -> int:
    query = (
        select(func.count())
        .select_from(LoginSession)
        .where(LoginSession.user_id == user_id, LoginSession.expires_at > time.time())
    )
    return int(db.execute(query).scalar_one())
