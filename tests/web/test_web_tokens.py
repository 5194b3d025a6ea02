"""POST /api/tokens: a personal API token for a username and password (what
`tensordojo login` asks for), under the login form's limits."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.accounts import find_user, set_disabled
from tests.web.live import csrf_from
from tests.web.support import VECTOR_ADD_OK, Account, limited_client

PASSWORD = "correct horse battery"


@pytest.fixture
def limited(tmp_path: Path) -> Iterator[TestClient]:
    yield from limited_client(tmp_path, signups_per_client=100)


def _ask(client: TestClient, username: str, password: str, name: str = "command line on laptop"):
    return client.post("/api/tokens", json={"username": username, "password": password, "name": name})


def _form_login(client: TestClient, username: str, password: str):
    token = csrf_from(client.get("/login").text)
    return client.post(
        "/login", data={"username": username, "password": password, "csrf_token": token}, follow_redirects=False
    )


def test_a_token_for_the_password_works_is_listed_and_revocable(client: TestClient, account: Account) -> None:
    made = _ask(TestClient(client.app), "ALICE", PASSWORD, name="  command line on laptop  ")
    assert made.status_code == 201, made.text
    body = made.json()
    assert body["username"] == "alice" and body["name"] == "command line on laptop"
    assert body["token"].startswith("tdj_")
    script = TestClient(client.app, headers={"Authorization": f"Bearer {body['token']}"})
    assert script.get("/api/me").json()["username"] == "alice"
    sub = script.post(
        "/api/submissions", json={"problem": "vector-add", "mode": "run", "code": VECTOR_ADD_OK}
    )  # a token needs no CSRF header
    assert sub.status_code == 202, sub.text
    profile = account.client.get("/profile").text
    assert "command line on laptop" in profile
    token_id = re.search(r"/profile/tokens/(\d+)/revoke", profile).group(1)
    account.client.post(f"/profile/tokens/{token_id}/revoke", data={"csrf_token": account.csrf})
    refused = script.get("/api/me")
    assert refused.status_code == 401 and refused.json()["detail"] == "invalid or revoked API token"
    assert "command line on laptop" not in account.client.get("/profile").text


def test_an_unnamed_token_is_called_script(client: TestClient, account: Account) -> None:
    made = _ask(TestClient(client.app), "alice", PASSWORD, name="   ")
    assert made.status_code == 201 and made.json()["name"] == "script"


def test_a_wrong_password_is_401_and_makes_nothing(client: TestClient, account: Account) -> None:
    for username, password in (("alice", "not the password"), ("nobody", PASSWORD)):
        resp = _ask(TestClient(client.app), username, password)
        assert resp.status_code == 401, resp.text
        assert resp.json() == {"detail": "wrong username or password"}
    assert "/revoke" not in account.client.get("/profile").text


def test_a_disabled_account_gets_403(client: TestClient, account: Account) -> None:
    with client.app.state.ctx.sessions() as db:
        set_disabled(db, find_user(db, "alice"), True)
    resp = _ask(TestClient(client.app), "alice", PASSWORD)
    assert resp.status_code == 403 and resp.json()["detail"] == "this account is disabled; ask an admin"


def test_bad_bodies_are_422(client: TestClient) -> None:
    anon = TestClient(client.app)
    assert anon.post("/api/tokens", json={"username": "alice"}).status_code == 422
    assert _ask(anon, "alice", "x" * 1025).status_code == 422
    assert _ask(anon, "alice", PASSWORD, name="n" * 201).status_code == 422


def test_the_api_and_the_form_share_the_account_limit(limited: TestClient) -> None:
    Account(TestClient(limited.app), "alice")
    attacker = TestClient(limited.app)
    assert _ask(attacker, "alice", "guess one").status_code == 401
    assert _form_login(attacker, "alice", "guess two").status_code == 400
    assert _ask(attacker, "alice", "guess three").status_code == 401
    blocked = _ask(attacker, "alice", PASSWORD)  # the right password: still blocked
    assert blocked.status_code == 429
    assert blocked.json()["detail"].startswith("too many login attempts; try again in")
    assert int(blocked.headers["Retry-After"]) > 800
    assert _form_login(TestClient(limited.app), "alice", PASSWORD).status_code == 429  # the form too


def test_the_api_and_the_form_share_the_client_limit(limited: TestClient) -> None:
    attacker = TestClient(limited.app)
    for i in range(4):  # eight tries from one address, over four accounts (three each at most)
        assert _ask(attacker, f"user{i}", "guess").status_code == 401
        assert _form_login(attacker, f"user{i}", "guess").status_code == 400
    assert _ask(attacker, "user9", "guess").status_code == 429
    assert _form_login(attacker, "user9", "guess").status_code == 429


def test_a_good_login_clears_the_account_count(limited: TestClient) -> None:
    Account(TestClient(limited.app), "alice")
    laptop = TestClient(limited.app)
    assert [_ask(laptop, "alice", "guess").status_code for _ in range(2)] == [401, 401]
    assert _ask(laptop, "alice", PASSWORD).status_code == 201
    assert [_ask(laptop, "alice", "guess").status_code for _ in range(3)] == [401] * 3  # a fresh count of three


def test_the_route_is_in_the_openapi_schema(client: TestClient) -> None:
    operation = client.get("/openapi.json").json()["paths"]["/api/tokens"]["post"]
    assert set(operation["responses"]) >= {"201", "400", "401", "403", "422", "429"}
