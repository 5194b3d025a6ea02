"""Tables: users, login sessions, API tokens, submissions (also the judging queue),
rate counters, workers, app state.

Times are UNIX seconds (float) so lease arithmetic is the same on every backend.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class User(Base):
    """`username` is shown as typed; `username_key` (its canonical form) is what is unique,
    so names that look alike cannot both exist."""

    __tablename__ = "users"
    __table_args__ = (Index("ix_users_username_key", "username_key", unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(40), unique=True, nullable=False)
    username_key: Mapped[str] = mapped_column(String(200), nullable=False)
    password_hash: Mapped[str] = mapped_column(String(255), nullable=False)
    is_admin: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    disabled: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    created_at: Mapped[float] = mapped_column(Float, nullable=False)
    password_changed_at: Mapped[float | None] = mapped_column(Float)
    last_active_at: Mapped[float | None] = mapped_column(Float)


class LoginSession(Base):
    """A browser login; the cookie carries a random token, the table only its hash, so
    logging out (here, everywhere, or by an admin) ends it for good."""

    __tablename__ = "login_sessions"
    __table_args__ = (Index("ix_login_sessions_user", "user_id"), Index("ix_login_sessions_expires", "expires_at"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    created_at: Mapped[float] = mapped_column(Float, nullable=False)
    last_seen_at: Mapped[float] = mapped_column(Float, nullable=False)
    expires_at: Mapped[float] = mapped_column(Float, nullable=False)
    user_agent: Mapped[str] = mapped_column(String(200), nullable=False, default="")


class RateCounter(Base):
    """A fixed-window counter per key (e.g. login attempts of one address), updated
    with one conditional UPDATE so concurrent requests in any process count exactly."""

    __tablename__ = "rate_counters"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    window_start: Mapped[float] = mapped_column(Float, nullable=False)
    count: Mapped[int] = mapped_column(Integer, nullable=False)


class ApiToken(Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    name: Mapped[str] = mapped_column(String(60), nullable=False)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    prefix: Mapped[str] = mapped_column(String(16), nullable=False)
    created_at: Mapped[float] = mapped_column(Float, nullable=False)
    last_used_at: Mapped[float | None] = mapped_column(Float)


class Submission(Base):
    """One Run or Submit; `status` is QUEUED, RUNNING or the final verdict."""

    __tablename__ = "submissions"
    __table_args__ = (
        Index("ix_submissions_status_id", "status", "id"),
        Index("ix_submissions_user_problem", "user_id", "problem_slug"),
        Index("ix_submissions_problem_mode_status", "problem_slug", "mode", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    problem_slug: Mapped[str] = mapped_column(String(100), nullable=False)
    language: Mapped[str] = mapped_column(String(20), nullable=False)
    mode: Mapped[str] = mapped_column(String(10), nullable=False)
    code: Mapped[str] = mapped_column(Text, nullable=False)
    status: Mapped[str] = mapped_column(String(32), nullable=False)
    message: Mapped[str] = mapped_column(Text, nullable=False, default="")
    result_json: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    worker_id: Mapped[str | None] = mapped_column(String(100))
    lease_token: Mapped[str | None] = mapped_column(String(64))
    lease_expires_at: Mapped[float | None] = mapped_column(Float)
    device: Mapped[str | None] = mapped_column(String(100))
    user_ms: Mapped[float | None] = mapped_column(Float)
    reference_ms: Mapped[float | None] = mapped_column(Float)
    created_at: Mapped[float] = mapped_column(Float, nullable=False)
    started_at: Mapped[float | None] = mapped_column(Float)
    finished_at: Mapped[float | None] = mapped_column(Float)


class Worker(Base):
    """A judging worker as last seen; the admin page lists these."""

    __tablename__ = "workers"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    host: Mapped[str] = mapped_column(String(255), nullable=False)
    pid: Mapped[int] = mapped_column(Integer, nullable=False)
    state: Mapped[str] = mapped_column(String(20), nullable=False)
    current_submission_id: Mapped[int | None] = mapped_column(Integer)
    judged: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    started_at: Mapped[float] = mapped_column(Float, nullable=False)
    last_heartbeat: Mapped[float] = mapped_column(Float, nullable=False)


class AppState(Base):
    """Small key/value rows shared between processes (e.g. the bank generation)."""

    __tablename__ = "app_state"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, nullable=False)
