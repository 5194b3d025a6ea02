"""Settings of the web app and its workers, read from TENSORDOJO_* variables.

One `AppSettings` object is built by the CLI (or a test) and passed down; it
extends the judge's settings so the workers hand the same object to the judge.
"""

from __future__ import annotations

import importlib.util
import ipaddress
import os
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from runner.config import JudgeSettings
from runner.verdicts import Verdict

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


class AppSettings(JudgeSettings):
    """Web, database and queue settings on top of the judge's own."""

    database_url: str | None = Field(
        None,
        description="SQLAlchemy URL, e.g. postgresql+psycopg://user:password@host/db (postgresql:// means the same); "
        "unset: sqlite:///{data_dir}/tensordojo.db",
    )
    host: str = Field("127.0.0.1", description="address `tensordojo serve` listens on")
    port: int = Field(8000, description="port `tensordojo serve` listens on")
    workers: int | None = Field(
        None, ge=0, description="judging workers embedded in `serve`; unset: 1 on a GPU host (two workers on one "
        "GPU would time each other's kernels; run one `tensordojo worker` per GPU with CUDA_VISIBLE_DEVICES for "
        "more), 2 on the CPU",
    )
    lease_seconds: float = Field(30.0, gt=0, description="a claim expires this long after its last heartbeat")
    max_attempts: int = Field(3, ge=1, description=f"claims of one submission before {Verdict.INTERNAL_ERROR}")
    poll_interval_s: float = Field(0.2, gt=0, description="how often an idle worker looks for work")
    rate_limit_count: int = Field(10, ge=1, description="Run/Submit requests per user per window")
    rate_limit_window_s: float = Field(60.0, gt=0, description="the rate-limit window")
    max_code_bytes: int = Field(64 * 1024, description="largest accepted source file")
    max_body_bytes: int = Field(
        512 * 1024, ge=1024, description="largest request body, whatever its transfer encoding (413 past it)"
    )
    bank_watch_interval_s: float = Field(2.0, gt=0, description="how often the server checks for a reload")
    rejudge_interval_s: float = Field(
        60.0,
        gt=0,
        description="how often a server looks for accepted submissions judged on an older problem version "
        "(also right after every bank load)",
    )
    session_max_age_s: int = Field(30 * 24 * 3600, ge=60, description="lifetime of a login")
    secure_cookies: Literal["auto", "true", "false"] = Field(
        "auto",
        description="Secure cookies: auto (when the request came over HTTPS, directly or from a trusted proxy), "
        "true (always) or false (never)",
    )
    trusted_proxies: str = Field(
        "",
        description="comma-separated addresses or networks of reverse proxies whose X-Forwarded-For and "
        "X-Forwarded-Proto are believed; empty: none",
    )
    first_user_admin: bool = Field(
        False, description="make the first account signed up on the web an admin (otherwise: `users create --admin`)"
    )
    min_password_chars: int = Field(8, ge=1, description="least number of non-space characters in a password")
    login_limit_per_account: int = Field(10, ge=1, description="login attempts per username per login window")
    login_limit_per_client: int = Field(50, ge=1, description="login attempts per client address per login window")
    login_window_s: float = Field(900.0, gt=0, description="the login rate-limit window")
    signup_limit_per_client: int = Field(10, ge=1, description="sign-ups per client address per sign-up window")
    signup_window_s: float = Field(3600.0, gt=0, description="the sign-up rate-limit window")
    review_intervals_days: list[float] = Field(
        [1, 3, 7, 21, 60],
        min_length=1,
        description="days until a solved problem comes back for review, one per passed review in a row (the last "
        "repeats); a failed review starts over from the first. As JSON, e.g. [1, 3, 7, 21, 60]",
    )
    clock_file: Path | None = Field(
        None,
        description="for tests and demos: a file holding seconds to add to the wall clock (rounds' deadlines, "
        "reviews' due dates, the profile's calendar), so time moves on without waiting; unset: the wall clock",
    )

    @field_validator("secure_cookies", mode="before")
    @classmethod
    def _secure_cookies(cls, value: Any) -> Any:
        """Accept booleans and the usual spellings (1/0, yes/no, on/off) as well as auto."""
        text = str(value).strip().lower()
        if text in _TRUE:
            return "true"
        if text in _FALSE:
            return "false"
        return text

    @field_validator("review_intervals_days")
    @classmethod
    def _review_intervals(cls, value: list[float]) -> list[float]:
        """A review due at once or in the past would never leave the queue."""
        if any(days <= 0 for days in value):
            raise ValueError("every review interval must be a positive number of days")
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def _trusted_proxies(cls, value: str) -> str:
        """Fail at start on a typo rather than silently trusting nobody (or everybody)."""
        parse_networks(value)
        return value

    def trusted_networks(self) -> list[IPNetwork]:
        return parse_networks(self.trusted_proxies)

    def embedded_workers(self) -> int:
        """How many judging workers `serve` runs: the setting, else one per machine with a GPU."""
        if self.workers is not None:
            return self.workers
        if importlib.util.find_spec("torch") is None:  # a web-only install judges nothing itself
            return 0
        return 1 if self.resolve_device() == "cuda" else 2

    def resolved_database_url(self) -> str:
        """The configured URL, or the SQLite file in the data dir. A plain `postgresql://`
        (or `postgres://`) URL gets the driver the web extra installs (psycopg 3)."""
        if self.database_url:
            for plain in ("postgresql://", "postgres://"):
                if self.database_url.startswith(plain):
                    return "postgresql+psycopg://" + self.database_url[len(plain) :]
            return self.database_url
        return f"sqlite:///{self.data_dir.resolve() / 'tensordojo.db'}"

    def problems_dir_configured(self) -> bool:
        """Whether the bank was chosen (TENSORDOJO_PROBLEMS_DIR or in code) rather than the default."""
        return "problems_dir" in self.model_fields_set


def parse_networks(text: str) -> list[IPNetwork]:
    """'10.0.0.1, 172.16.0.0/12' -> networks; a bare address is a /32 (or /128)."""
    networks: list[IPNetwork] = []
    for item in text.replace(";", ",").split(","):
        item = item.strip()
        if not item:
            continue
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ValueError(f"not an IP address or network: {item!r}") from None
    return networks


class ClientSettings(BaseSettings):
    """The terminal client's settings (`tensordojo login|submit|pull` against a server),
    from TENSORDOJO_* variables; what they leave unset comes from the config file that
    `tensordojo login` writes."""

    model_config = SettingsConfigDict(env_prefix="TENSORDOJO_", extra="ignore")

    server: str | None = Field(
        None, description="the server's URL, e.g. https://dojo.example.org (unset: the one `login` stored last)"
    )
    token: str | None = Field(None, description="a personal API token (unset: the one `login` stored for the server)")
    config: Path | None = Field(
        None, description="the client's config file (unset: $XDG_CONFIG_HOME/tensordojo/client.json)"
    )
    client_timeout_s: float = Field(30.0, gt=0, description="how long the client waits for one answer of the server")
    client_poll_s: float = Field(0.5, gt=0, description="how often `submit` asks for its submission's status")
    client_wait_s: float = Field(600.0, gt=0, description="how long `submit` waits for a verdict")

    def config_file(self) -> Path:
        """TENSORDOJO_CONFIG, else the XDG config directory's tensordojo/client.json."""
        if self.config is not None:
            return self.config
        base = os.environ.get("XDG_CONFIG_HOME", "")
        root = Path(base) if os.path.isabs(base) else Path.home() / ".config"  # a relative one is ignored (XDG)
        return root / "tensordojo" / "client.json"
