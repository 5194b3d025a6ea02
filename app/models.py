"""Tables: users, login sessions, API tokens, submissions (also the judging queue),
rate counters, workers, app state.

Times are UNIX seconds (float) so lease arithmetic is the same on every backend.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from runner.verdicts import SubmissionState


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


# Queue priorities (lower is judged first): a learner waiting for a verdict always goes
# before the background re-judging of older accepted submissions.
PRIORITY_LEARNER = 0
PRIORITY_REJUDGE = 10
# A re-judge row still waiting or being judged: at most one per original (a unique
# partial index), so processes scheduling re-judges at the same time cannot double them.
PENDING_REJUDGE = "rejudge_of IS NOT NULL AND status IN ({})".format(
    ", ".join(f"'{state.value}'" for state in SubmissionState)
)


class Submission(Base):
    """One Run or Submit; `status` is QUEUED, RUNNING or the final verdict.

    A re-judge (`rejudge_of` set) is a copy of an accepted submission judged again on a
    newer version of its problem; the original keeps its verdict."""

    __tablename__ = "submissions"
    __table_args__ = (
        Index("ix_submissions_claim", "status", "priority", "id"),
        Index("ix_submissions_user_problem", "user_id", "problem_slug"),
        Index("ix_submissions_problem_mode_status", "problem_slug", "mode", "status"),
        Index("ix_submissions_rejudge_of", "rejudge_of", "problem_version"),
        Index(
            "ux_submissions_pending_rejudge",
            "rejudge_of",
            unique=True,
            sqlite_where=text(PENDING_REJUDGE),
            postgresql_where=text(PENDING_REJUDGE),
        ),
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
    # The version of the problem the verdict was judged against (None until judged, and
    # for verdicts given before versions were recorded; a re-judge holds the version it
    # is meant for until a worker writes the one it judged against).
    problem_version: Mapped[str | None] = mapped_column(String(64))
    priority: Mapped[int] = mapped_column(Integer, nullable=False, default=PRIORITY_LEARNER)
    # Which workers may judge it: None any, "cpu", "cuda" (any GPU) or "cuda:<GPU model>".
    requested_device: Mapped[str | None] = mapped_column(String(100))
    rejudge_of: Mapped[int | None] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"))


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
    device: Mapped[str | None] = mapped_column(String(100))  # what it judges on: "cpu" or "cuda:<GPU model>"
    # The sandbox report of its host as JSON ({"layers": [...], "degraded": [...]}).
    sandbox: Mapped[str | None] = mapped_column(Text)


class AppState(Base):
    """Small key/value rows shared between processes (e.g. the bank generation)."""

    __tablename__ = "app_state"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, nullable=False)


class EditorialReveal(Base):
    """A learner gave up on a problem they had not solved and read its editorial: the
    profile marks the problem, and their later ACCEPTED stays off the leaderboards and
    out of the rankings."""

    __tablename__ = "editorial_reveals"
    __table_args__ = (Index("ux_editorial_reveals_user_problem", "user_id", "problem_slug", unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    problem_slug: Mapped[str] = mapped_column(String(100), nullable=False)
    revealed_at: Mapped[float] = mapped_column(Float, nullable=False)


# A learner has at most one round in progress (not finished): a unique partial index.
ROUND_IN_PROGRESS = "finished_at IS NULL"


class RoundAttempt(Base):
    """One go at an interview round. `plan_json` is the round as it was at the start
    (title, time limit, problems, questions and answers), so the report never changes
    when the round's YAML is edited later. Times come from app.clock."""

    __tablename__ = "round_attempts"
    __table_args__ = (
        Index("ix_round_attempts_user", "user_id", "started_at"),
        Index(
            "ux_round_attempts_in_progress",
            "user_id",
            unique=True,
            sqlite_where=text(ROUND_IN_PROGRESS),
            postgresql_where=text(ROUND_IN_PROGRESS),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    round_slug: Mapped[str] = mapped_column(String(100), nullable=False)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    plan_json: Mapped[str] = mapped_column(Text, nullable=False)
    started_at: Mapped[float] = mapped_column(Float, nullable=False)
    deadline_at: Mapped[float] = mapped_column(Float, nullable=False)
    finished_at: Mapped[float | None] = mapped_column(Float)
    end_reason: Mapped[str | None] = mapped_column(String(20))  # app.roundplay.EndReason


class RoundQuestion(Base):
    """A clarifying question asked during a round (its answer was revealed then)."""

    __tablename__ = "round_questions"
    __table_args__ = (
        Index("ux_round_questions_asked", "attempt_id", "problem_index", "question_index", unique=True),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("round_attempts.id", ondelete="CASCADE"), nullable=False)
    problem_index: Mapped[int] = mapped_column(Integer, nullable=False)
    question_index: Mapped[int] = mapped_column(Integer, nullable=False)
    asked_at: Mapped[float] = mapped_column(Float, nullable=False)


class RoundSubmission(Base):
    """A Run or Submit made inside a round, and when (by app.clock) it was made."""

    __tablename__ = "round_submissions"
    __table_args__ = (Index("ix_round_submissions_attempt", "attempt_id", "problem_index"),)

    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"), primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("round_attempts.id", ondelete="CASCADE"), nullable=False)
    problem_index: Mapped[int] = mapped_column(Integer, nullable=False)
    submitted_at: Mapped[float] = mapped_column(Float, nullable=False)


class Review(Base):
    """A solved problem's place in the learner's review schedule (app.reviews).

    `stage` counts the reviews passed in a row; `due_at` is when it comes back (app.clock
    time). `started_at` is set (wall-clock time, as submissions record it) while a review
    is under way: the learner's next judged Submit of the problem decides it."""

    __tablename__ = "reviews"
    __table_args__ = (
        Index("ux_reviews_user_problem", "user_id", "problem_slug", unique=True),
        Index("ix_reviews_user_due", "user_id", "due_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    problem_slug: Mapped[str] = mapped_column(String(100), nullable=False)
    stage: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    due_at: Mapped[float] = mapped_column(Float, nullable=False)
    started_at: Mapped[float | None] = mapped_column(Float)
    last_reviewed_at: Mapped[float | None] = mapped_column(Float)
    last_passed: Mapped[bool | None] = mapped_column(Boolean)
    passed: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    failed: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
