"""Accounts: server-side sessions (logout, everywhere, password change), disabling,
deleting, roles from the admin page, and where login sends a user back to."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from app.models import LoginSession, Submission, User
from tests.web.live import csrf_from
from tests.web.support import VECTOR_ADD_OK, Account, drain, make_admin

PASSWORD = "correct horse battery"


def _login(client: TestClient, username: str, password: str = PASSWORD) -> TestClient:
    """A second browser logging in to an existing account."""
    other = TestClient(client.app)
    token = csrf_from(other.get("/login").text)
    resp = other.post(
        "/login", data={"username": username, "password": password, "csrf_token": token}, follow_redirects=False
    )
    assert resp.status_code == 303, resp.text
    return other


def _token(account: Account) -> str:
    page = account.client.post("/profile/tokens", data={"name": "script", "csrf_token": account.csrf})
    return re.search(r'id="new-token">([^<]+)<', page.text).group(1)


def _count(client: TestClient, model: type, **where: object) -> int:
    with client.app.state.ctx.sessions() as db:
        query = select(func.count()).select_from(model)
        for key, value in where.items():
            query = query.where(getattr(model, key) == value)
        return db.execute(query).scalar_one()


def test_a_replayed_cookie_after_logout_is_logged_out(client: TestClient, account: Account) -> None:
    cookie = account.client.cookies.get("td_session")
    assert account.client.get("/api/me").status_code == 200
    resp = account.client.post("/logout", data={"csrf_token": account.csrf}, follow_redirects=False)
    assert resp.status_code == 303
    replay = TestClient(client.app, cookies={"td_session": cookie})
    assert replay.get("/api/me").status_code == 401
    body = {"problem": "vector-add", "language": "pytorch", "mode": "run", "code": VECTOR_ADD_OK}
    assert replay.post("/api/submissions", json=body, headers={"X-CSRF-Token": account.csrf}).status_code == 401
    assert "Log in" in replay.get("/problems").text
    assert _count(client, Submission) == 0


def test_log_out_everywhere_ends_every_session(client: TestClient, account: Account) -> None:
    laptop = _login(client, "alice")
    assert laptop.get("/api/me").status_code == 200
    profile = account.client.get("/profile").text
    assert ">2</strong> browsers" in profile and "<title>alice · TensorDojo</title>" in profile
    resp = account.client.post("/logout/everywhere", data={"csrf_token": account.csrf}, follow_redirects=False)
    assert resp.status_code == 303 and resp.headers["location"] == "/login"
    assert laptop.get("/api/me").status_code == 401
    assert account.client.get("/api/me").status_code == 401
    assert _count(client, LoginSession) == 0


def test_password_change_ends_other_sessions_and_keeps_this_one(client: TestClient, account: Account) -> None:
    laptop = _login(client, "alice")
    form = {"current_password": PASSWORD, "new_password": "a much better one", "csrf_token": account.csrf}
    differ = account.client.post("/profile/password", data={**form, "new_password_again": "typo"})
    assert differ.status_code == 400 and "differ" in differ.text
    wrong = account.client.post(
        "/profile/password", data={**form, "current_password": "guess", "new_password_again": form["new_password"]}
    )
    assert wrong.status_code == 400 and "current password is wrong" in wrong.text
    assert laptop.get("/api/me").status_code == 200  # failed attempts change nothing
    ok = account.client.post("/profile/password", data={**form, "new_password_again": form["new_password"]})
    assert ok.status_code == 200 and "Password changed" in ok.text
    assert laptop.get("/api/me").status_code == 401
    assert account.client.get("/api/me").json()["username"] == "alice"
    fresh = TestClient(client.app)
    token = csrf_from(fresh.get("/login").text)
    old = fresh.post("/login", data={"username": "alice", "password": PASSWORD, "csrf_token": token})
    assert old.status_code == 400
    _login(client, "alice", "a much better one")


def test_an_admin_disables_and_enables_an_account(client: TestClient, account: Account) -> None:
    boss = Account(TestClient(client.app), "boss")
    make_admin(client, "boss")
    token = _token(account)
    script = TestClient(client.app, headers={"Authorization": f"Bearer {token}"})
    assert script.get("/api/me").status_code == 200
    uid = account.client.get("/api/me").json()["id"]
    assert boss.client.post(f"/admin/users/{uid}/disable", data={}).status_code == 403  # CSRF
    resp = boss.client.post(f"/admin/users/{uid}/disable", data={"csrf_token": boss.csrf}, follow_redirects=False)
    assert resp.status_code == 303
    assert account.client.get("/api/me").status_code == 401  # the browser session ended
    assert script.get("/api/me").status_code == 401  # and the API token stopped working
    assert "disabled" in script.get("/api/me").json()["detail"]
    fresh = TestClient(client.app)
    login = fresh.post(
        "/login", data={"username": "alice", "password": PASSWORD, "csrf_token": csrf_from(fresh.get("/login").text)}
    )
    assert login.status_code == 403 and "disabled" in login.text
    wrong = fresh.post(
        "/login", data={"username": "alice", "password": "not it at all", "csrf_token": csrf_from(login.text)}
    )
    assert wrong.status_code == 400 and "disabled" not in wrong.text  # only the password's owner learns it
    page = boss.client.get("/admin").text
    assert re.search(r'data-user="alice" class="bad">.*?disabled', page, re.S)
    boss.client.post(f"/admin/users/{uid}/enable", data={"csrf_token": boss.csrf})
    assert script.get("/api/me").status_code == 200
    _login(client, "alice")


def test_admins_promote_and_demote_but_never_lose_the_last_admin(client: TestClient, account: Account) -> None:
    boss = Account(TestClient(client.app), "boss")
    make_admin(client, "boss")
    alice_id = account.client.get("/api/me").json()["id"]
    boss_id = boss.client.get("/api/me").json()["id"]
    assert account.client.post(f"/admin/users/{boss_id}/demote", data={"csrf_token": account.csrf}).status_code == 403
    boss.client.post(f"/admin/users/{alice_id}/promote", data={"csrf_token": boss.csrf})
    assert account.client.get("/api/me").json()["is_admin"] is True
    self_demote = boss.client.post(f"/admin/users/{boss_id}/demote", data={"csrf_token": boss.csrf})
    assert self_demote.status_code == 400 and "yourself" in self_demote.text
    account.client.post(f"/admin/users/{boss_id}/demote", data={"csrf_token": account.csrf})
    assert boss.client.get("/api/me").json()["is_admin"] is False
    assert boss.client.get("/admin").status_code == 403
    unknown = account.client.post("/admin/users/999999/promote", data={"csrf_token": account.csrf})
    assert unknown.status_code == 404
    bad_action = account.client.post(f"/admin/users/{boss_id}/explode", data={"csrf_token": account.csrf})
    assert bad_action.status_code == 422
    last = account.client.post(
        "/profile/delete", data={"confirm": "alice", "password": PASSWORD, "csrf_token": account.csrf}
    )
    assert last.status_code == 400 and "only admin" in last.text


def test_delete_my_account_removes_submissions_and_leaderboard_entries(client: TestClient, account: Account) -> None:
    other = Account(TestClient(client.app), "bob")
    account.submit(VECTOR_ADD_OK)
    other.submit(VECTOR_ADD_OK)
    drain(client)
    board = client.get("/api/problems/vector-add/leaderboard").json()
    assert {e["username"] for e in board} == {"alice", "bob"}
    laptop = _login(client, "alice")
    form = {"confirm": "alice", "password": PASSWORD, "csrf_token": account.csrf}
    unconfirmed = account.client.post("/profile/delete", data={**form, "confirm": "alicee"})
    assert unconfirmed.status_code == 400 and "type your username" in unconfirmed.text
    wrong = account.client.post("/profile/delete", data={**form, "password": "nope nope nope"})
    assert wrong.status_code == 400 and "password is wrong" in wrong.text
    assert _count(client, User, username="alice") == 1
    gone = account.client.post("/profile/delete", data=form)
    assert gone.status_code == 200 and "Account deleted" in gone.text
    assert _count(client, User, username="alice") == 0
    assert _count(client, Submission) == 1  # bob's
    assert _count(client, LoginSession) == 1  # bob's
    assert [e["username"] for e in client.get("/api/problems/vector-add/leaderboard").json()] == ["bob"]
    assert "alice" not in client.get("/problems/vector-add/leaderboard").text
    assert account.client.get("/api/me").status_code == 401
    assert laptop.get("/api/me").status_code == 401
    Account(TestClient(client.app), "alice")  # the name is free again


def test_login_after_an_anonymous_form_post_returns_to_a_page(client: TestClient) -> None:
    anon = TestClient(client.app)
    resp = anon.post(
        "/problems/vector-add/submit",
        data={"language": "pytorch", "mode": "run", "code": VECTOR_ADD_OK},
        follow_redirects=False,
    )
    assert resp.status_code == 303
    target = parse_qs(urlsplit(resp.headers["location"]).query)["next"][0]
    assert target == "/problems/vector-add"
    assert anon.get(target).status_code == 200
    # a crafted next that names a POST-only path (or another site) lands on the problem list
    Account(TestClient(client.app), "carol")
    for next_path, expected in (
        ("/problems/vector-add/submit", "/problems"),
        ("/profile/tokens", "/problems"),
        ("//evil.example/", "/problems"),
        ("/problems/softmax?language=triton", "/problems/softmax?language=triton"),
    ):
        browser = TestClient(client.app)
        token = csrf_from(browser.get("/login").text)
        done = browser.post(
            "/login",
            data={"username": "carol", "password": PASSWORD, "csrf_token": token, "next": next_path},
            follow_redirects=False,
        )
        assert done.status_code == 303 and done.headers["location"] == expected, next_path


def test_an_anonymous_form_post_logs_in_then_lands_on_the_page_above_it(client: TestClient) -> None:
    anon = TestClient(client.app)
    for path, page in (
        ("/profile/tokens/3/revoke", "/profile"),
        ("/profile/password", "/profile"),
        ("/problems/softmax/submit", "/problems/softmax"),
    ):
        resp = anon.post(path, data={}, follow_redirects=False)
        assert resp.status_code == 303, path
        assert parse_qs(urlsplit(resp.headers["location"]).query)["next"] == [page], path
    resp = anon.get("/problems/softmax/submissions", follow_redirects=False)
    assert parse_qs(urlsplit(resp.headers["location"]).query)["next"] == ["/problems/softmax/submissions"]
