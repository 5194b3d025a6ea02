"""Fixtures for the web tests: an in-process app on a temp data dir, or live processes.

Modules marked `both_databases` run each test that uses `database_url` (directly or
through `settings`, `client`, `account`) twice: on SQLite and on PostgreSQL
(tests/web/databases.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.config import AppSettings
from app.main import create_app
from tests.web.databases import KINDS, database
from tests.web.live import ROOT
from tests.web.support import Account, fake_judge


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "both_databases: run the module's tests on SQLite and on PostgreSQL")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "database_url" in metafunc.fixturenames and metafunc.definition.get_closest_marker("both_databases"):
        metafunc.parametrize("database_url", KINDS, indirect=True)


@pytest.fixture
def database_url(request: pytest.FixtureRequest) -> Iterator[str | None]:
    """TENSORDOJO_DATABASE_URL for this test: None (SQLite in the data dir) unless the
    module runs on both databases and this is its PostgreSQL run."""
    with database(getattr(request, "param", "sqlite")) as url:
        yield url


@pytest.fixture
def db_env(database_url: str | None) -> dict[str, str]:
    """The same database for live processes (environment variables)."""
    return {"TENSORDOJO_DATABASE_URL": database_url} if database_url else {}


@pytest.fixture
def settings(tmp_path: Path, database_url: str | None) -> AppSettings:
    return AppSettings(
        data_dir=tmp_path / "data",
        database_url=database_url,
        problems_dir=ROOT / "problems",
        workers=0,
        device="cpu",
        rate_limit_count=5,
        rate_limit_window_s=60,
        signup_limit_per_client=1000,  # many test accounts come from one test client
        login_limit_per_client=1000,
    )


@pytest.fixture
def client(settings: AppSettings) -> Iterator[TestClient]:
    with TestClient(create_app(settings, judge=fake_judge), base_url="http://testserver") as c:
        yield c


@pytest.fixture
def account(client: TestClient) -> Account:
    return Account(client, "alice")
