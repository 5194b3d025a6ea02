"""Absurd ids and badly encoded forms get clear 4xx answers and change nothing."""

from __future__ import annotations

import html
from urllib.parse import quote

from fastapi.testclient import TestClient
from sqlalchemy import select

from app.models import ApiToken, Submission
from tests.web.support import VECTOR_ADD_OK, Account, make_admin

HUGE_IDS = [str(2**63), str(2**63 + 1), str(2**64), "9" * 40, str(2**31), "-1", "0", "-" + str(2**63), "1e3", "0x10"]


def _codes(client: TestClient) -> list[str]:
    with client.app.state.ctx.sessions() as db:
        return list(db.execute(select(Submission.code)).scalars())


def test_absurd_ids_are_404_or_422_on_every_route(client: TestClient, account: Account) -> None:
    make_admin(client, account.username)
    csrf = {"csrf_token": account.csrf}
    for raw_id in HUGE_IDS:
        answers = {
            "GET /api/submissions/{id}": account.client.get(f"/api/submissions/{raw_id}"),
            "GET /submissions/{id}": account.client.get(f"/submissions/{raw_id}"),
            "POST /profile/tokens/{id}/revoke": account.client.post(f"/profile/tokens/{raw_id}/revoke", data=csrf),
            "POST /admin/users/{id}/disable": account.client.post(f"/admin/users/{raw_id}/disable", data=csrf),
            "GET /rounds/attempts/{id}": account.client.get(f"/rounds/attempts/{raw_id}"),
            "GET /rounds/attempts/{id}/report": account.client.get(f"/rounds/attempts/{raw_id}/report"),
            "POST /rounds/attempts/{id}/finish": account.client.post(f"/rounds/attempts/{raw_id}/finish", data=csrf),
            "GET /api/rounds/attempts/{id}": account.client.get(f"/api/rounds/attempts/{raw_id}"),
        }
        for route, resp in answers.items():
            assert resp.status_code in (404, 422), (raw_id, route, resp.status_code, resp.text[:300])
        detail = answers["GET /api/submissions/{id}"].json()["detail"]
        assert detail.startswith("invalid request: path.submission_id: "), detail


def test_a_missing_id_in_range_is_404(client: TestClient, account: Account) -> None:
    assert account.client.get(f"/api/submissions/{2**31 - 1}").status_code == 404
    assert account.client.get(f"/submissions/{2**31 - 1}").status_code == 404


def _form(account: Account, code: bytes, **extra: str) -> bytes:
    fields = {"language": "pytorch", "mode": "run", "csrf_token": account.csrf, **extra}
    encoded = "&".join(f"{k}={quote(v)}" for k, v in fields.items())
    return encoded.encode() + b"&code=" + code


def _post_form(account: Account, body: bytes):
    return account.client.post(
        "/problems/vector-add/submit",
        content=body,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        follow_redirects=False,
    )


def test_invalid_utf8_in_a_form_is_refused_and_nothing_is_stored(client: TestClient, account: Account) -> None:
    for raw in (b"def%20solve(a,%20b):%0A%20%20%20%20return%20a%20%2B%20b%20%23%20%FF", b"x%C3%28y", b"\xff\xfe"):
        resp = _post_form(account, _form(account, raw))
        assert resp.status_code == 400, resp.text
        text = html.unescape(resp.text)
        assert "the form field 'code' is not UTF-8 text" in text
        assert "binary data" not in text
        assert "Nothing was saved" in text
    pct_ff = _post_form(account, _form(account, b"abc%FF"))
    assert "byte 0xFF at byte 3" in pct_ff.text
    assert _codes(client) == []


def test_utf8_forms_keep_every_character(client: TestClient, account: Account) -> None:
    code = "def solve(a, b):\n    return a + b  # ünïcödé ✓ and a real \ufffd\n"
    raw_utf8 = code.encode("utf-8").replace(b"+", b"%2B").replace(b"#", b"%23").replace(b"&", b"%26")
    percent = quote(code).encode()
    for body in (raw_utf8, percent):  # unencoded UTF-8 bytes and percent-encoded ones
        resp = _post_form(account, _form(account, body))
        assert resp.status_code == 303, resp.text
    assert _codes(client) == [code, code]  # no Latin-1 mojibake, U+FFFD kept


def test_a_real_replacement_character_is_accepted_through_the_api(client: TestClient, account: Account) -> None:
    code = VECTOR_ADD_OK + "# the decoder printed \ufffd here\n"
    resp = account.submit(code)
    assert resp.status_code == 202, resp.text
    assert _codes(client) == [code]
    assert account.submit(VECTOR_ADD_OK + "\x00").json()["detail"].startswith("code contains binary data")


def test_form_charsets_other_than_utf8_and_multipart_are_refused(client: TestClient, account: Account) -> None:
    latin1 = account.client.post(
        "/problems/vector-add/submit",
        content=_form(account, b"caf%E9"),
        headers={"Content-Type": "application/x-www-form-urlencoded; charset=latin-1"},
    )
    assert latin1.status_code == 400 and "must be UTF-8" in latin1.text
    multipart = account.client.post(
        "/problems/vector-add/submit",
        data={"language": "pytorch", "mode": "run", "csrf_token": account.csrf},
        files={"code": ("a.py", VECTOR_ADD_OK.encode())},
    )
    assert multipart.status_code == 415
    assert _codes(client) == []


def test_invalid_utf8_in_a_login_or_token_form_is_refused(client: TestClient, account: Account) -> None:
    resp = account.client.post(
        "/profile/tokens",
        content=b"name=ci%FF&csrf_token=" + account.csrf.encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert resp.status_code == 400 and "the form field 'name' is not UTF-8 text" in html.unescape(resp.text)
    with client.app.state.ctx.sessions() as db:
        assert db.execute(select(ApiToken)).first() is None
