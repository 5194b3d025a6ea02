"""Fixtures for the web tests: an in-process app on a temp data dir, or live processes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.config import AppSettings
from app.main import create_app
from tests.web.live import ROOT
from tests.web.support import Account, fake_judge


@pytest.fixture
def settings(tmp_path: Path) -> AppSettings:
    return AppSettings(
        data_dir=tmp_path / "data",
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
