"""A learner's path through the real app in headless Chromium: sign up, solve
softmax in the editor, see ACCEPTED with timing, then a WRONG_ANSWER with the
mismatch, the same result on the submission page, the entry on the leaderboard and
the problem marked solved."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import (
    JUDGE_TIMEOUT_MS,
    SOFTMAX_CORRECT,
    SOFTMAX_WRONG,
    judged,
    sign_up,
    type_code,
)

pytestmark = pytest.mark.browser
RESULT_JS = "document.querySelector('#result .result-body').outerHTML"


def _without_details_link(html: str) -> str:
    """The result as rendered, less the link to the submission page (not shown on it)."""
    return " ".join(re.sub(r'<a class="muted" href="/submissions/\d+">details</a>', "", html).split())


def test_sign_up_solve_softmax_and_see_the_leaderboard(live_server, browser) -> None:
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    base = live_server.url

    sign_up(page, base, "ada", "analytical engine")
    expect(page).to_have_url(base + "/problems")

    page.click('table.problems a:text-is("Softmax")')
    expect(page.locator("h1")).to_have_text("Softmax")
    expect(page.locator(".cm-content")).to_contain_text("def solve")  # the starter
    expect(page.locator(".statement .katex").first).to_be_visible()  # math rendered locally
    expect(page.locator(".statement h2", has_text="Notes")).to_be_visible()

    type_code(page, SOFTMAX_CORRECT)
    judged(page, lambda: page.keyboard.press("Control+Enter"), "ACCEPTED")  # Run: visible examples only
    expect(page.locator("#result")).to_contain_text("Run #")
    expect(page.locator("#result table.tests details").first).to_contain_text("expected")  # an example's values

    judged(page, lambda: page.click("#submit-btn"), "ACCEPTED")
    expect(page.locator("#timing")).to_contain_text("reference")
    expect(page.locator("#result")).to_contain_text("Submit #")
    expect(page.locator("#result .timing-facts")).to_contain_text("Timing stopped")
    expect(page.locator("#memory")).to_contain_text("Peak extra memory")

    type_code(page, SOFTMAX_WRONG)
    judged(page, lambda: page.keyboard.press("Control+Shift+Enter"), "WRONG_ANSWER")  # Submit
    message = page.locator("#result .message")
    expect(message).to_contain_text("expected")
    expect(page.locator("#result table.tests tr.bad").first).to_be_visible()

    live = _without_details_link(page.evaluate(RESULT_JS))  # the same result on the submission page
    page.click("#result a:text-is('details')")
    expect(page.locator("h1")).to_contain_text("Submission #")
    assert _without_details_link(page.evaluate(RESULT_JS)) == live
    page.go_back()

    page.click("[data-tab=leaderboard]")
    row = page.locator("#tab-leaderboard table.leaderboard tbody tr").first
    expect(row).to_contain_text("ada")
    expect(row).to_contain_text("pytorch")

    page.click("[data-tab=submissions]")
    expect(page.locator("#tab-submissions table.submissions tbody tr")).to_have_count(3)
    expect(page.locator("#tab-submissions .verdict-tag.bad")).to_have_text("WRONG_ANSWER")

    page.reload()  # the last code comes back after a reload
    expect(page.locator(".cm-content")).to_contain_text("no max shift")

    page.goto(base + "/problems")
    expect(page.locator("tr[data-slug=softmax] .solved-mark")).to_be_visible()
    expect(page.locator("tr[data-slug=vector-add] .solved-mark")).to_have_count(0)
    assert errors == []
    context.close()


def test_a_pending_submission_page_follows_its_result(live_server, browser) -> None:
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    sign_up(page, live_server.url, "bea", "analytical engine")
    page.goto(live_server.url + "/problems/softmax")
    sub_id = page.evaluate(
        """async (code) => {
            const csrf = document.querySelector("input[name=csrf_token]").value;
            const resp = await fetch("/api/submissions", {method: "POST",
                headers: {"Content-Type": "application/json", "X-CSRF-Token": csrf},
                body: JSON.stringify({problem: "softmax", language: "pytorch", mode: "run", code: code})});
            return (await resp.json()).id;
        }""",
        SOFTMAX_WRONG,
    )
    page.goto(f"{live_server.url}/submissions/{sub_id}")
    expect(page.locator("#verdict")).to_have_text("ACCEPTED", timeout=JUDGE_TIMEOUT_MS)  # examples only: no overflow
    expect(page.locator("#result table.tests tr.ok").first).to_be_visible()
    expect(page.locator("#result a:text-is('details')")).to_have_count(0)  # no link to the page it is on
    assert errors == []
    context.close()


def test_errors_are_shown_in_the_page(live_server, browser) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(live_server.url + "/signup")
    page.fill("input[name=username]", "eve")
    page.fill("input[name=password]", "short1")
    page.evaluate("document.querySelector('input[name=password]').removeAttribute('minlength')")
    page.click("button[type=submit]")
    expect(page.locator(".error")).to_contain_text("at least 8 characters")
    page.fill("input[name=username]", "eve")
    page.fill("input[name=password]", "long enough now")
    page.click("button[type=submit]")
    page.goto(live_server.url + "/problems/vector-add")
    type_code(page, "   ")
    page.click("#run-btn")
    expect(page.locator("#result .error")).to_contain_text("code is empty")
    context.close()
