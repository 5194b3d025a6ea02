"""Editorials: locked until the learner solves the problem or gives up (after a
confirmation); giving up is marked on the profile and keeps a later ACCEPTED off the
leaderboard and out of the rankings."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from tests.web.support import SOFTMAX_OK, Account, drain

EDITORIAL_LINE = "Approach"  # every shipped editorial.md explains its approach under this heading

pytestmark = pytest.mark.both_databases


def _give_up(account: Account, slug: str) -> object:
    return account.client.post(f"/problems/{slug}/give-up", data={"csrf_token": account.csrf}, follow_redirects=False)


def test_locked_until_solved(client: TestClient, account: Account) -> None:
    page = account.client.get("/problems/softmax")
    assert 'id="editorial-locked"' in page.text and 'id="editorial"' not in page.text
    assert 'href="/problems/softmax/give-up"' in page.text
    alone = account.client.get("/problems/softmax/editorial")
    assert alone.status_code == 200 and 'id="editorial-locked"' in alone.text
    api = account.client.get("/api/problems/softmax/editorial")
    assert api.status_code == 403 and "solve softmax first" in api.json()["detail"]
    anonymous = TestClient(client.app)
    assert 'id="editorial-locked"' in anonymous.get("/problems/softmax").text
    assert anonymous.get("/api/problems/softmax/editorial").status_code == 401

    account.submit(SOFTMAX_OK, problem="softmax")
    drain(client)
    page = account.client.get("/problems/softmax").text
    assert 'id="editorial"' in page and 'id="editorial-locked"' not in page
    editorial = re.search(r'<article class="statement editorial math" id="editorial">(.*?)</article>', page, re.S)
    assert editorial and EDITORIAL_LINE in editorial.group(1) and "<h2" in editorial.group(1)
    assert "$" in editorial.group(1)  # math left for KaTeX, like statements
    api = account.client.get("/api/problems/softmax/editorial").json()
    assert api["solved"] and api["revealed_at"] is None and api["markdown"].startswith("#")
    # solved: nothing to give up, and nothing is marked
    assert account.client.get("/problems/softmax/give-up", follow_redirects=False).status_code == 303
    assert 'id="revealed"' not in account.client.get("/profile").text


def test_giving_up_asks_first_then_shows_the_editorial(client: TestClient, account: Account) -> None:
    confirm = account.client.get("/problems/layernorm/give-up")
    assert confirm.status_code == 200
    assert 'id="confirm-give-up"' in confirm.text and "does not enter the leaderboard" in confirm.text
    assert 'id="editorial-locked"' in account.client.get("/problems/layernorm").text  # asking changed nothing
    no_csrf = account.client.post("/problems/layernorm/give-up", data={})
    assert no_csrf.status_code == 403
    done = _give_up(account, "layernorm")
    assert done.status_code == 303 and done.headers["location"] == "/problems/layernorm#editorial"
    page = account.client.get("/problems/layernorm").text
    assert 'id="editorial"' in page and 'id="editorial-revealed"' in page
    profile = account.client.get("/profile").text
    assert 'id="revealed"' in profile and 'data-slug="layernorm"' in profile and "editorial read" in profile
    again = _give_up(account, "layernorm")  # twice: one record, the first time kept
    assert again.status_code == 303
    first = account.client.get("/api/problems/layernorm/editorial").json()["revealed_at"]
    assert first is not None and not account.client.get("/api/problems/layernorm/editorial").json()["solved"]
    # another learner is not affected
    bob = Account(TestClient(client.app), "bob")
    assert 'id="editorial-locked"' in bob.client.get("/problems/layernorm").text


def test_an_accepted_after_giving_up_stays_off_the_leaderboard(client: TestClient, account: Account) -> None:
    bob = Account(TestClient(client.app), "bob")
    assert bob.client.post(
        "/api/problems/softmax/give-up", headers={"X-CSRF-Token": bob.csrf}
    ).status_code == 200
    bob.submit(SOFTMAX_OK, problem="softmax")
    account.submit(SOFTMAX_OK, problem="softmax")
    drain(client)
    board = client.get("/api/problems/softmax/leaderboard").json()
    assert [e["username"] for e in board] == ["alice"]
    assert "bob" not in client.get("/problems/softmax/leaderboard").text
    ranked = client.get("/api/rankings").json()
    assert [e["username"] for e in ranked] == ["alice"]
    # still solved for bob: the list marks it, the profile says so, it comes back for review
    assert 'data-slug="softmax" class="solved"' in bob.client.get("/problems").text
    profile = bob.client.get("/profile").text
    assert "solved since" in profile
    assert [r["problem"] for r in bob.client.get("/api/reviews").json()] == ["softmax"]


def test_no_giving_up_on_a_problem_of_a_round_in_progress(client: TestClient, account: Account) -> None:
    account.client.post("/rounds/pytorch-round-1/start", data={"csrf_token": account.csrf})
    notice = account.client.get("/problems/layernorm").text
    assert 'id="round-notice"' in notice and "PyTorch Round 1" in notice
    assert 'id="round-notice"' not in account.client.get("/problems/softmax").text
    refused = account.client.post("/problems/layernorm/give-up", data={"csrf_token": account.csrf})
    assert refused.status_code == 409 and "finish the round first" in refused.text
    api = account.client.post("/api/problems/layernorm/give-up", headers={"X-CSRF-Token": account.csrf})
    assert api.status_code == 409
    assert account.client.get("/api/problems/layernorm/editorial").status_code == 403
    assert _give_up(account, "softmax").status_code == 303  # not in the round

