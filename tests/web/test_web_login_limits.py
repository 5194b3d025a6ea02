"""Brute force: login and sign-up limits per client and per account, and an answer
that takes as long whether or not the username exists."""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app import security
from tests.web.live import csrf_from
from tests.web.support import Account, limited_client

PASSWORD = "correct horse battery"


@pytest.fixture
def limited(tmp_path: Path) -> Iterator[TestClient]:
    yield from limited_client(tmp_path, signups_per_client=3)


def _attempt(client: TestClient, username: str, password: str):
    token = csrf_from(client.get("/login").text)
    return client.post(
        "/login", data={"username": username, "password": password, "csrf_token": token}, follow_redirects=False
    )


def test_wrong_passwords_in_a_row_are_stopped(limited: TestClient) -> None:
    Account(TestClient(limited.app), "alice")
    attacker = TestClient(limited.app)
    statuses = [_attempt(attacker, "alice", f"guess number {i}").status_code for i in range(5)]
    assert statuses == [400] * 3 + [429] * 2
    blocked = _attempt(attacker, "ALICE", PASSWORD)  # the right password, any spelling: still blocked
    assert blocked.status_code == 429 and "too many login attempts" in blocked.text
    assert int(blocked.headers["Retry-After"]) > 800  # the rest of the 900 s window
    assert _attempt(TestClient(limited.app), "alice", PASSWORD).status_code == 429  # from another browser too


def test_a_name_nobody_has_gets_the_same_limit(limited: TestClient) -> None:
    """So a 429 tells nothing about which accounts exist."""
    attacker = TestClient(limited.app)
    assert [_attempt(attacker, "nobody", "guess").status_code for _ in range(4)] == [400] * 3 + [429]


def test_a_client_trying_many_accounts_is_stopped(limited: TestClient) -> None:
    attacker = TestClient(limited.app)
    statuses = [_attempt(attacker, f"user{i}", "some password").status_code for i in range(10)]
    assert statuses == [400] * 8 + [429] * 2


def test_a_successful_login_clears_the_account_counter(limited: TestClient) -> None:
    Account(TestClient(limited.app), "bob")
    browser = TestClient(limited.app)
    for _ in range(2):
        assert _attempt(browser, "bob", "typo typo typo").status_code == 400
    assert _attempt(browser, "bob", PASSWORD).status_code == 303
    assert [_attempt(browser, "bob", "typo again!").status_code for _ in range(3)] == [400] * 3


def test_sign_ups_per_client_are_limited(limited: TestClient) -> None:
    statuses = []
    for i in range(5):
        browser = TestClient(limited.app)
        token = csrf_from(browser.get("/signup").text)
        data = {"username": f"bot{i}", "password": PASSWORD, "csrf_token": token}
        statuses.append(browser.post("/signup", data=data, follow_redirects=False).status_code)
    assert statuses == [303, 303, 303, 429, 429]


def test_login_checks_a_password_whether_or_not_the_user_exists(
    limited: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    Account(TestClient(limited.app), "carol")
    checks: list[str] = []
    real = security._HASHER

    class Spy:
        def hash(self, password: str) -> str:
            return real.hash(password)

        def verify(self, password_hash: str, password: str) -> bool:
            checks.append(password)
            return real.verify(password_hash, password)

    monkeypatch.setattr(security, "_HASHER", Spy())
    browser = TestClient(limited.app)
    _attempt(browser, "carol", "wrong one")
    _attempt(browser, "nobody-here", "wrong two")
    assert checks == ["wrong one", "wrong two"]


def test_login_takes_as_long_for_an_unknown_user(limited: TestClient) -> None:
    Account(TestClient(limited.app), "dave")
    browser = TestClient(limited.app)

    def timed(username: str) -> float:
        start = time.perf_counter()
        assert _attempt(browser, username, "not the password").status_code == 400
        return time.perf_counter() - start

    known, unknown = [], []
    for i in range(3):
        known.append(timed("dave"))
        unknown.append(timed(f"ghost{i}"))
    ratio = statistics.median(unknown) / statistics.median(known)
    assert 0.6 < ratio < 1.6, (known, unknown)
