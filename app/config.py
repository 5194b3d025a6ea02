"""Settings of the web app and its workers, read from TENSORDOJO_* variables.

One `AppSettings` object is built by the CLI (or a test) and passed down; it
extends the judge's settings so the workers hand the same object to the judge.
"""

from __future__ import annotations

from pydantic import Field

from runner.config import JudgeSettings


class AppSettings(JudgeSettings):
    """Web, database and queue settings on top of the judge's own."""

    database_url: str | None = Field(None, description="SQLAlchemy URL; unset: sqlite:///{data_dir}/tensordojo.db")
    host: str = Field("127.0.0.1", description="address `tensordojo serve` listens on")
    port: int = Field(8000, description="port `tensordojo serve` listens on")
    workers: int = Field(2, ge=0, description="judging workers embedded in `serve`")
    lease_seconds: float = Field(30.0, gt=0, description="a claim expires this long after its last heartbeat")
    max_attempts: int = Field(3, ge=1, description="claims of one submission before INTERNAL_ERROR")
    poll_interval_s: float = Field(0.2, gt=0, description="how often an idle worker looks for work")
    rate_limit_count: int = Field(10, ge=1, description="Run/Submit requests per user per window")
    rate_limit_window_s: float = Field(60.0, gt=0, description="the rate-limit window")
    max_code_bytes: int = Field(64 * 1024, description="largest accepted source file")
    bank_watch_interval_s: float = Field(2.0, gt=0, description="how often the server checks for a reload")
    session_max_age_s: int = Field(30 * 24 * 3600, description="lifetime of a login")
    secure_cookies: bool = Field(False, description="mark cookies Secure (set behind HTTPS)")

    def resolved_database_url(self) -> str:
        """The configured URL, or the SQLite file in the data dir."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir.resolve() / 'tensordojo.db'}"
