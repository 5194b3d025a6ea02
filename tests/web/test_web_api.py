"""JSON API, accounts, CSRF, rate limit and bad-input handling (in-process app)."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from app.main import create_app
from app.models import Submission
from tests.web.support import VECTOR_ADD_OK, Account, fake_judge, make_admin

pytestmark = pytest.mark.both_databases


def _count(client: TestClient) -> int:
    with client.app.state.ctx.sessions() as db:
        return db.execute(select(func.count()).select_from(Submission)).scalar_one()


def test_problem_list_and_detail(client: TestClient) -> None:
    problems = client.get("/api/problems").json()
    slugs = [p["slug"] for p in problems]
    assert "vector-add" in slugs and "softmax" in slugs
    assert slugs == sorted(slugs)
    easy = client.get("/api/problems", params={"difficulty": "easy"}).json()
    assert easy and all(p["difficulty"] == "easy" for p in easy)
    found = client.get("/api/problems", params={"q": "SOFTMAX"}).json()
    assert "softmax" in [p["slug"] for p in found] and "vector-add" not in [p["slug"] for p in found]
    assert all("softmax" in p["title"].lower() for p in found)
    by_topic = client.get("/api/problems", params={"topic": "elementwise"}).json()
    assert "vector-add" in [p["slug"] for p in by_topic] and "softmax" not in [p["slug"] for p in by_topic]
    detail = client.get("/api/problems/softmax").json()
    assert "def solve" in detail["starters"]["pytorch"]
    assert "## Notes" in detail["statement"]
    missing = client.get("/api/problems/no-such-problem")
    assert missing.status_code == 404 and "no-such-problem" in missing.json()["detail"]


def test_openapi_documents_the_api(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in (
        "/api/problems",
        "/api/problems/{slug}",
        "/api/submissions",
        "/api/submissions/{submission_id}",
        "/api/problems/{slug}/leaderboard",
    ):
        assert path in paths


def test_no_account_becomes_admin_by_signing_up_first(client: TestClient) -> None:
    first = Account(client, "first")
    assert first.client.get("/api/me").json()["is_admin"] is False
    assert first.client.get("/admin").status_code == 403
    make_admin(client, "first")  # what `tensordojo users promote first` does
    assert first.client.get("/api/me").json()["is_admin"] is True
    assert first.client.get("/admin").status_code == 200


def test_first_account_is_admin_only_when_the_operator_asks(settings) -> None:
    settings.first_user_admin = True
    with TestClient(create_app(settings, judge=fake_judge)) as client:
        admin = Account(client, "first")
        assert admin.client.get("/api/me").json()["is_admin"] is True
        other = Account(TestClient(client.app), "second")
        assert other.client.get("/api/me").json()["is_admin"] is False
        assert other.client.get("/admin").status_code == 403
        assert admin.client.get("/admin").status_code == 200


def test_session_cookie_is_http_only_and_same_site(client: TestClient) -> None:
    page = client.get("/signup")
    cookie = page.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    resp = client.post(
        "/signup", data={"username": "bob", "password": "pw-long-enough", "csrf_token": token}, follow_redirects=False
    )
    assert resp.status_code == 303 and "HttpOnly" in resp.headers["set-cookie"]


def test_secret_is_created_once_and_private(client: TestClient, settings) -> None:
    path = settings.data_dir / "session-secret"
    assert path.stat().st_mode & 0o777 == 0o600
    assert settings.data_dir.stat().st_mode & 0o777 == 0o700  # the DB beside it is private too
    assert settings.secret_file("session-secret") == path.read_text().strip()


def test_signup_and_login_errors_are_shown(client: TestClient) -> None:
    page = client.get("/signup")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    short = client.post("/signup", data={"username": "carol", "password": "short", "csrf_token": token})
    assert short.status_code == 400 and "at least 8 characters" in short.text
    spaces = client.post("/signup", data={"username": "carol", "password": " " * 12, "csrf_token": token})
    assert spaces.status_code == 400 and "not counting spaces" in spaces.text
    Account(TestClient(client.app), "dave")
    taken = client.post("/signup", data={"username": "dave", "password": "long enough pw", "csrf_token": token})
    assert taken.status_code == 400 and "taken" in taken.text
    login = client.post("/login", data={"username": "dave", "password": "wrong password", "csrf_token": token})
    assert login.status_code == 400 and "wrong username or password" in login.text
    ok = client.post(
        "/login",
        data={"username": "dave", "password": "correct horse battery", "csrf_token": token},
        follow_redirects=False,
    )
    assert ok.status_code == 303
    assert client.get("/api/me").json()["username"] == "dave"


def test_logout_needs_csrf_and_ends_the_session(account: Account) -> None:
    c = account.client
    assert c.post("/logout", data={}).status_code == 403
    assert c.post("/logout", data={"csrf_token": account.csrf}, follow_redirects=False).status_code == 303
    assert c.get("/api/me").status_code == 401


def test_submitting_needs_an_account_and_csrf(client: TestClient, account: Account) -> None:
    anon = TestClient(client.app)
    body = {"problem": "vector-add", "language": "pytorch", "mode": "run", "code": VECTOR_ADD_OK}
    assert anon.post("/api/submissions", json=body).status_code == 401
    no_header = account.client.post("/api/submissions", json=body)
    assert no_header.status_code == 403 and "CSRF" in no_header.json()["detail"]
    wrong = account.client.post("/api/submissions", json=body, headers={"X-CSRF-Token": "forged"})
    assert wrong.status_code == 403
    form = account.client.post("/login", data={"username": "x", "password": "y", "csrf_token": "forged"})
    assert form.status_code == 403 and "CSRF" in form.text
    assert _count(client) == 0
    ok = account.submit(VECTOR_ADD_OK, mode="run")
    assert ok.status_code == 202 and ok.json()["status"] == "QUEUED"


def test_api_token_works_without_csrf_and_can_be_revoked(client: TestClient, account: Account) -> None:
    page = account.client.post("/profile/tokens", data={"name": "ci", "csrf_token": account.csrf})
    token = re.search(r'id="new-token">([^<]+)<', page.text).group(1)
    script = TestClient(client.app)
    headers = {"Authorization": f"Bearer {token}"}
    body = {"problem": "vector-add", "language": "pytorch", "mode": "submit", "code": VECTOR_ADD_OK}
    created = script.post("/api/submissions", json=body, headers=headers)
    assert created.status_code == 202
    mine = script.get("/api/submissions", headers=headers).json()
    assert [s["id"] for s in mine] == [created.json()["id"]]
    token_id = re.search(r"/profile/tokens/(\d+)/revoke", page.text).group(1)
    account.client.post(f"/profile/tokens/{token_id}/revoke", data={"csrf_token": account.csrf})
    assert script.get("/api/submissions", headers=headers).status_code == 401


def test_bad_input_gets_clear_4xx_and_writes_nothing(client: TestClient, account: Account) -> None:
    cases = [
        ({"code": "x = 1\n" * 12000}, 413, "limit is 65536 bytes"),
        ({"problem": "nope"}, 404, "unknown problem 'nope'"),
        ({"language": "cobol"}, 400, "unknown language 'cobol'"),
        ({"code": "   \n\t"}, 400, "code is empty"),
        ({"code": "def solve(a, b):\x00\x01\x02 return a"}, 400, "binary data"),
        ({"mode": "fast"}, 422, "mode"),
        ({"code": 42}, 422, "code"),
    ]
    for override, status, text in cases:
        body = {"problem": "vector-add", "language": "pytorch", "mode": "run", "code": VECTOR_ADD_OK, **override}
        resp = account.client.post("/api/submissions", json=body, headers={"X-CSRF-Token": account.csrf})
        assert resp.status_code == status, (override, resp.text)
        assert text in resp.json()["detail"], resp.text
    garbage = account.client.post(
        "/api/submissions",
        content=b"\xff\xfe\x00garbage",
        headers={"X-CSRF-Token": account.csrf, "Content-Type": "application/json"},
    )
    assert garbage.status_code == 422
    huge = account.client.post(
        "/api/submissions",
        content=b"x" * 600_000,
        headers={"X-CSRF-Token": account.csrf, "Content-Type": "application/json"},
    )
    assert huge.status_code == 413
    assert _count(client) == 0


def test_bad_input_through_the_page_form_shows_the_message(client: TestClient, account: Account) -> None:
    resp = account.client.post(
        "/problems/vector-add/submit",
        data={"language": "pytorch", "mode": "run", "code": "", "csrf_token": account.csrf},
    )
    assert resp.status_code == 400
    assert 'role="alert"' in resp.text and "code is empty" in resp.text
    ok = account.client.post(
        "/problems/vector-add/submit",
        follow_redirects=False,
        data={"language": "pytorch", "mode": "run", "code": VECTOR_ADD_OK, "csrf_token": account.csrf},
    )
    assert ok.status_code == 303 and ok.headers["location"].startswith("/submissions/")
    assert _count(client) == 1


def test_rate_limit_per_user(client: TestClient, account: Account) -> None:
    for _ in range(5):
        assert account.submit(VECTOR_ADD_OK, mode="run").status_code == 202
    limited = account.submit(VECTOR_ADD_OK, mode="run")
    assert limited.status_code == 429
    assert "at most 5 Run/Submit per 60 s" in limited.json()["detail"]
    assert int(limited.headers["Retry-After"]) >= 1
    other = Account(TestClient(client.app), "bob")
    assert other.submit(VECTOR_ADD_OK, mode="run").status_code == 202
    assert _count(client) == 6


def test_submissions_are_private(client: TestClient, account: Account) -> None:
    sub_id = account.submit(VECTOR_ADD_OK).json()["id"]
    other = Account(TestClient(client.app), "mallory")
    assert other.client.get(f"/api/submissions/{sub_id}").status_code == 404
    assert other.client.get(f"/submissions/{sub_id}").status_code == 404
    assert account.client.get(f"/api/submissions/{sub_id}").json()["code"] == VECTOR_ADD_OK
