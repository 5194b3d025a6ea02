"""Reviews: solved problems fall due at growing intervals on a clock moved forward by a
file (no waiting); a review opens the starter, the next judged Submit decides it, and a
failed one starts over."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.config import AppSettings
from app.reviews import interval_s
from runner.verdicts import Verdict
from tests.web.learner import DAY, advance
from tests.web.support import SOFTMAX_OK, Account, drain, fake_judge

SOFTMAX_WRONG = "def solve(x, dim):\n    pass  # forgot everything\n"

pytestmark = pytest.mark.both_databases


@pytest.fixture
def clock_file(tmp_path: Path) -> Path:
    path = tmp_path / "clock"
    path.write_text("0")
    return path


@pytest.fixture
def settings(settings: AppSettings, clock_file: Path) -> AppSettings:
    settings.clock_file = clock_file
    settings.rate_limit_count = 100
    return settings


def _reviews(account: Account) -> dict[str, dict[str, Any]]:
    return {r["problem"]: r for r in account.client.get("/api/reviews").json()}


def _start(account: Account, slug: str) -> Any:
    return account.client.post(f"/reviews/{slug}/start", data={"csrf_token": account.csrf}, follow_redirects=False)


def _due_rows(account: Account) -> list[str]:
    page = account.client.get("/reviews").text
    due = page[page.index('id="due"') : page.index('id="later"')]
    return re.findall(r'<tr data-slug="([^"]+)"', due)


def test_intervals_grow_and_the_last_repeats() -> None:
    settings = AppSettings(review_intervals_days=[1, 3, 7])
    assert [interval_s(settings, stage) / DAY for stage in range(5)] == [1, 3, 7, 7, 7]
    with pytest.raises(ValueError, match="positive"):
        AppSettings(review_intervals_days=[1, 0])


def test_a_solved_problem_comes_back_passes_then_fails_and_starts_over(
    client: TestClient, account: Account, clock_file: Path
) -> None:
    assert account.client.get("/api/reviews").json() == []
    assert "Nothing is due" in account.client.get("/reviews").text
    account.submit(SOFTMAX_OK + "# my own solution\n", problem="softmax")
    drain(client)
    item = _reviews(account)["softmax"]
    assert not item["due"] and item["stage"] == 0 and item["last_reviewed_at"] is None
    assert _due_rows(account) == []
    refused = _start(account, "softmax")
    assert refused.status_code == 409 and "not due yet" in refused.text

    advance(clock_file, DAY + 60)  # a day later it is due
    assert _due_rows(account) == ["softmax"] and _reviews(account)["softmax"]["due"]
    started = _start(account, "softmax")
    assert started.status_code == 303 and started.headers["location"] == "/problems/softmax"
    page = account.client.get("/problems/softmax").text
    assert 'id="review-banner"' in page
    assert "# my own solution" not in page  # the starter, not the last code
    starter = client.app.state.ctx.catalog.get("softmax").starters["pytorch"]
    assert starter.splitlines()[0] in page
    assert 'id="editorial"' not in page and 'data-tab="editorial"' not in page  # no peeking
    assert _reviews(account)["softmax"]["in_progress"]

    account.submit("def solve(x, dim):\n    return x\n", problem="softmax", mode="run")  # Run is free
    drain(client)
    assert _reviews(account)["softmax"]["in_progress"]
    account.submit(SOFTMAX_OK, problem="softmax")
    assert _reviews(account)["softmax"]["in_progress"]  # not judged yet: not decided
    drain(client)
    item = _reviews(account)["softmax"]
    assert not item["in_progress"] and item["last_passed"] and item["stage"] == 1 and item["passed"] == 1
    assert not item["due"]
    later = account.client.get("/reviews").text
    assert re.search(r'data-slug="softmax">.*?in 3\.0 days', later, re.S), later
    assert 'id="review-banner"' not in account.client.get("/problems/softmax").text  # a normal page again

    advance(clock_file, 2 * DAY)
    assert _due_rows(account) == []
    advance(clock_file, DAY + 60)
    assert _due_rows(account) == ["softmax"]
    _start(account, "softmax")
    account.submit(SOFTMAX_WRONG, problem="softmax")
    account.submit(SOFTMAX_OK, problem="softmax")  # too late: the first Submit decided it
    drain(client)
    item = _reviews(account)["softmax"]
    assert item["last_passed"] is False and item["stage"] == 0 and item["failed"] == 1 and item["passed"] == 1
    assert re.search(r'data-slug="softmax">.*?failed.*?in 1\.0 days', account.client.get("/reviews").text, re.S)


def test_the_judges_own_error_does_not_decide_a_review(
    client: TestClient, account: Account, clock_file: Path
) -> None:
    account.submit(SOFTMAX_OK, problem="softmax")
    drain(client)
    assert list(_reviews(account)) == ["softmax"]
    advance(clock_file, DAY + 1)
    _start(account, "softmax")

    def broken(*args: Any) -> dict[str, Any]:
        result = fake_judge(*args)
        result["verdict"] = Verdict.INTERNAL_ERROR.value
        return result

    account.submit(SOFTMAX_OK, problem="softmax")
    drain(client, broken)
    assert _reviews(account)["softmax"]["in_progress"]
    account.submit(SOFTMAX_OK, problem="softmax")
    drain(client)
    assert _reviews(account)["softmax"]["stage"] == 1


def test_reviews_are_the_learners_own(client: TestClient, account: Account, clock_file: Path) -> None:
    account.submit(SOFTMAX_OK, problem="softmax")
    drain(client)
    assert list(_reviews(account)) == ["softmax"]  # the schedule places the solve on its clock
    advance(clock_file, DAY + 1)
    bob = Account(TestClient(client.app), "bob")
    assert bob.client.get("/api/reviews").json() == []
    refused = _start(bob, "softmax")
    assert refused.status_code == 404 and "solve it first" in refused.text
    assert _start(bob, "nope").status_code == 404
    assert account.client.post("/reviews/softmax/start", data={}).status_code == 403  # CSRF
    assert TestClient(client.app).get("/api/reviews").status_code == 401
    assert "1 review due" in account.client.get("/profile").text
