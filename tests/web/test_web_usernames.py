"""Look-alike usernames: two names that look the same cannot both exist; invisible
fillers, mixed scripts and stacked accents are refused; names show as typed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.config import AppSettings
from app.main import create_app
from app.models import User
from app.usernames import UsernameError, check_username, username_key
from tests.web.live import ROOT, csrf_from
from tests.web.support import Account, fake_judge

PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """One app for the many refusals (they change nothing), with `admin` taken."""
    data_dir: Path = tmp_path_factory.mktemp("names") / "data"
    settings = AppSettings(data_dir=data_dir, problems_dir=ROOT / "problems", workers=0, signup_limit_per_client=1000)
    with TestClient(create_app(settings, judge=fake_judge)) as client:
        Account(TestClient(client.app), "admin")
        yield client


def _signup(client: TestClient, username: str):
    browser = TestClient(client.app)
    token = csrf_from(browser.get("/signup").text)
    data = {"username": username, "password": PASSWORD, "csrf_token": token}
    return browser.post("/signup", data=data, follow_redirects=False)


@pytest.mark.parametrize(
    "lookalike",
    [
        "Admin",  # case
        "ADMIN",
        "ａｄｍｉｎ",  # fullwidth
        "admın",  # dotless i
        "ɑdmin",  # Latin alpha
        " admin ",  # padding
    ],
)
def test_a_name_that_looks_like_a_taken_one_is_refused(shared: TestClient, lookalike: str) -> None:
    resp = _signup(shared, lookalike)
    assert resp.status_code == 400 and "is taken" in resp.text, lookalike


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("аdmin", "mixes letters of different scripts"),  # Cyrillic а
        ("pаypal", "mixes letters of different scripts"),
        ("ad\u3164min", "U+3164 HANGUL FILLER"),
        ("\u3164\u3164\u3164", "U+3164 HANGUL FILLER"),
        ("ad\u2800min", "U+2800 BRAILLE PATTERN BLANK"),
        ("\u115fadmin", "U+115F HANGUL CHOSEONG FILLER"),
        ("ad\u1160min", "U+1160 HANGUL JUNGSEONG FILLER"),
        ("ad\u200bmin", "U+200B ZERO WIDTH SPACE"),
        ("ad\u200dmin", "U+200D ZERO WIDTH JOINER"),
        ("ad\ufeffmin", "U+FEFF"),
        ("ad\u00admin", "U+00AD SOFT HYPHEN"),
        ("adm\u034fin", "U+034F COMBINING GRAPHEME JOINER"),
        ("admin\ufe0f", "U+FE0F"),
        ("ad\u00a0min", "U+00A0 NO-BREAK SPACE"),
        ("ad\u3000min", "U+3000 IDEOGRAPHIC SPACE"),
        ("a\u0301\u0302\u0303\u0304dmin", "stack accents"),
        ("zalgó\u0302\u0303", "stack accents"),
        ("\u0301admin", "not on a letter"),
        ("соре", "look like Latin ones"),  # all Cyrillic, reads as "cope"
        ("ΑΒΕΚ", "look like Latin ones"),  # all Greek capitals
        ("<b>bold</b>", "LESS-THAN SIGN"),
        ("admin\u202e", "U+202E"),  # right-to-left override
        ("ab", "3 to 40 characters"),
        ("...", "a letter or a digit"),
    ],
)
def test_spoofing_names_are_refused_with_the_reason(shared: TestClient, name: str, reason: str) -> None:
    resp = _signup(shared, name)
    assert resp.status_code == 400, name
    assert reason in resp.text, (name, resp.text[-600:])


@pytest.mark.parametrize(
    "name",
    [
        "José",
        "Nguyễn Thị Minh",
        "Иван Петров",
        "山田太郎",
        "山田 たろう",
        "Ελένη",
        "क्षत्रिय",
        "ที่ดี",
        "john_doe.2",
        "R2-D2",
    ],
)
def test_real_names_in_one_script_are_accepted_as_typed(name: str) -> None:
    assert check_username(name)[0] == name


def test_a_non_latin_name_signs_up_and_shows_as_typed(shared: TestClient) -> None:
    account = Account(TestClient(shared.app), "Иван Петров")
    assert account.client.get("/api/me").json()["username"] == "Иван Петров"
    assert "Иван Петров" in account.client.get("/profile").text


def test_names_show_as_typed_and_log_in_by_any_spelling(client: TestClient) -> None:
    Account(TestClient(client.app), "  Ada   Lovelace ")
    with client.app.state.ctx.sessions() as db:
        user = db.execute(select(User)).scalar_one()
    assert user.username == "Ada Lovelace" and user.username_key == "ada lovelace"
    browser = TestClient(client.app)
    token = csrf_from(browser.get("/login").text)
    data = {"username": "ADA LOVELACE", "password": PASSWORD, "csrf_token": token}
    assert browser.post("/login", data=data, follow_redirects=False).status_code == 303
    assert browser.get("/api/me").json()["username"] == "Ada Lovelace"


def test_the_database_refuses_a_second_name_with_the_same_key(client: TestClient) -> None:
    """Uniqueness is the unique index on the canonical key, not a check that could race."""
    Account(TestClient(client.app), "grace")
    with client.app.state.ctx.sessions() as db:
        db.add(User(username="GRACE", username_key="grace", password_hash="x", is_admin=False, created_at=0.0))
        with pytest.raises(IntegrityError, match=r"(?i)unique"):
            db.commit()


def test_key_folds_what_looks_alike() -> None:
    assert username_key("Admin") == username_key("ａｄｍｉｎ") == username_key("admın") == "admin"
    assert username_key("pa1") == username_key("pal")
    assert username_key("b0b") == username_key("bob")
    assert username_key("rnary") == username_key("mary")
    assert username_key("straße") == username_key("STRASSE")
    with pytest.raises(UsernameError):
        check_username("x\u0000y z")
