"""The learner's paths in headless Chromium against a live server whose clock is moved
forward by a file (TENSORDOJO_CLOCK_FILE), with the real judge:
- a whole interview round: start, ask a question, Submit (one accepted, one wrong), run
  out of time, and read the report, which stays on the profile;
- giving up (with its confirmation) and reading the editorial;
- the review queue: a solved problem falls due a day later, opens with the starter,
  and passing it moves it three days on."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import judged, sign_up, type_code
from tests.web.learner import DAY, accepted_solution, advance
from tests.web.live import ROOT, LiveServer

pytestmark = pytest.mark.browser
LAYERNORM_WRONG = (ROOT / "problems/layernorm/solutions/rejected/missing_affine.py").read_text()


@pytest.fixture(scope="module")
def clock_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("clock") / "offset"
    path.write_text("0")
    return path


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory, clock_file: Path) -> Iterator[LiveServer]:
    server = LiveServer(
        tmp_path_factory.mktemp("learner") / "data", workers=1, TENSORDOJO_CLOCK_FILE=str(clock_file)
    )
    try:
        yield server
    finally:
        server.stop()


def _page(browser: object) -> tuple[object, Page, list[str]]:
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return context, page, errors


def test_a_whole_interview_round(live_server: LiveServer, browser: object, clock_file: Path) -> None:
    context, page, errors = _page(browser)
    base = live_server.url
    sign_up(page, base, "rita", "analytical engine")

    page.click("header a:text-is('Rounds')")
    card = page.locator("[data-round=pytorch-round-1]")
    expect(card.locator("h2")).to_have_text("PyTorch Round 1")
    card.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/rounds/attempts/\d+$"))
    attempt = page.url.rsplit("/", 1)[1]
    expect(page.locator("#countdown")).to_have_text(re.compile(r"^4[45]:\d\d$"))
    expect(page.locator("h1")).to_have_text("Multi-Head Causal Self-Attention")
    expect(page.locator("#tab-description")).not_to_contain_text("Common mistakes")  # no Notes in a round

    # ask a clarifying question: the answer appears in place, the editor keeps its code
    first = page.locator("#question-1")
    expect(first).to_contain_text("Is head_size given")
    expect(first.locator(".answer")).to_have_count(0)
    first.locator("button", has_text="Ask").click()
    expect(first.locator(".answer")).to_have_text("Derived.")
    page.locator("#question-4 button", has_text="Ask").click()  # an answer with math, rendered by KaTeX
    expect(page.locator("#question-4 .answer .katex").first).to_be_visible()

    # code not yet submitted survives moving between the round's problems
    draft = "class MultiHeadAttention:  # my draft\n    pass\n"
    type_code(page, draft)
    page.click(".round-steps a:has-text('2.')")
    expect(page.locator("h1")).to_have_text("Cross-Entropy Loss from Logits")
    page.click(".round-steps a:has-text('1.')")
    expect(page.locator(".cm-content")).to_contain_text("my draft")

    # problem 2: an accepted Submit
    page.click(".round-steps a:has-text('2.')")
    expect(page.locator("h1")).to_have_text("Cross-Entropy Loss from Logits")
    type_code(page, accepted_solution("cross-entropy"))
    judged(page, lambda: page.click("#submit-btn"), "ACCEPTED")

    # problem 3: a wrong one
    page.click("#next-problem")
    expect(page.locator("h1")).to_have_text("Layer Normalization")
    type_code(page, LAYERNORM_WRONG)
    judged(page, lambda: page.click("#submit-btn"), "WRONG_ANSWER")
    for hidden in ("constant rows", "mean far from zero", "many rows"):  # hidden tests: by number only
        expect(page.locator("#result")).not_to_contain_text(hidden)

    # the clock runs out: the page goes to the report by itself, the server closed the round
    advance(clock_file, 46 * 60)
    page.wait_for_url(f"{base}/rounds/attempts/{attempt}/report", timeout=20_000)
    expect(page.locator("h1")).to_have_text("Report: PyTorch Round 1")
    expect(page.locator("#report-end")).to_contain_text("time ran out")
    expect(page.locator("#report-solved")).to_contain_text("1")
    rows = page.locator("#report-table tbody tr")
    expect(rows.nth(0)).to_contain_text("not submitted")
    expect(rows.nth(0).locator(".asked")).to_have_text("2 of 7")
    expect(rows.nth(1).locator(".verdict-cell")).to_have_text("ACCEPTED")
    expect(rows.nth(1).locator(".first-accepted")).to_have_text(re.compile(r"^\d+:\d\d$"))
    expect(rows.nth(1).locator(".submits")).to_have_text("1 Submit")
    expect(rows.nth(2).locator(".verdict-cell")).to_have_text("WRONG_ANSWER")
    expect(page.locator("#problem-3 .advice")).to_contain_text("common mistakes")
    expect(page.locator("#problem-1 .report-questions li.asked")).to_have_count(2)
    expect(page.locator("ul.review-next")).to_contain_text("Layer Normalization")

    # a submission after the end is refused by the server, not only by the page
    refused = page.evaluate(
        """async ([attempt, code]) => {
            const csrf = document.querySelector("input[name=csrf_token]").value;
            const resp = await fetch("/api/submissions", {method: "POST",
                headers: {"Content-Type": "application/json", "X-CSRF-Token": csrf},
                body: JSON.stringify({problem: "layernorm", language: "pytorch", mode: "submit", code: code,
                                      round_attempt: parseInt(attempt, 10)})});
            return resp.status;
        }""",
        [attempt, LAYERNORM_WRONG],
    )
    assert refused == 409

    page.click("header a.who")
    link = page.locator(f"#rounds + table a[href='/rounds/attempts/{attempt}/report']")
    expect(link).to_be_visible()
    link.click()
    expect(page.locator("h1")).to_have_text("Report: PyTorch Round 1")
    assert errors == []
    context.close()


def test_give_up_then_read_the_editorial(live_server: LiveServer, browser: object) -> None:
    context, page, errors = _page(browser)
    base = live_server.url
    sign_up(page, base, "gus", "analytical engine")
    page.goto(base + "/problems/batchnorm")
    page.click("[data-tab=editorial]")
    expect(page.locator("#editorial-locked")).to_be_visible()
    page.click("#give-up-link")
    expect(page.locator("h1")).to_have_text("Give up on Batch Normalization (training mode)?")
    page.click("#keep-trying")  # changed their mind: still locked
    page.click("[data-tab=editorial]")
    expect(page.locator("#editorial-locked")).to_be_visible()
    page.click("#give-up-link")
    page.click("#confirm-give-up")
    expect(page).to_have_url(base + "/problems/batchnorm#editorial")
    editorial = page.locator("#tab-editorial #editorial")
    expect(editorial).to_be_visible()  # the tab opens by itself
    expect(editorial.locator("h2").first).to_have_text("Approach")
    expect(editorial.locator(".katex").first).to_be_visible()
    expect(page.locator("#editorial-revealed")).to_contain_text("You gave up")
    page.click("header a.who")
    expect(page.locator(".revealed-list li[data-slug=batchnorm]")).to_contain_text("editorial read")
    assert errors == []
    context.close()


def test_the_review_queue(live_server: LiveServer, browser: object, clock_file: Path) -> None:
    context, page, errors = _page(browser)
    base = live_server.url
    sign_up(page, base, "vera", "analytical engine")
    page.goto(base + "/problems/vector-add")
    mine = accepted_solution("vector-add") + "# solved the first time\n"
    type_code(page, mine)
    judged(page, lambda: page.click("#submit-btn"), "ACCEPTED")

    page.click("header a:text-is('Review')")
    expect(page.locator("#nothing-due")).to_be_visible()
    expect(page.locator("#later tr[data-slug=vector-add] .due-in")).to_contain_text("in 1.0 days")

    advance(clock_file, DAY + 60)
    page.reload()
    row = page.locator("#due tr[data-slug=vector-add]")
    expect(row).to_be_visible()
    row.locator("button", has_text="Review").click()
    expect(page).to_have_url(base + "/problems/vector-add")
    expect(page.locator("#review-banner")).to_be_visible()
    starter = (ROOT / "problems/vector-add/starters/pytorch.py").read_text()
    assert page.evaluate("window.tdProblem.editor.getValue()") == starter  # not the last code
    expect(page.locator("[data-tab=editorial]")).to_have_count(0)

    type_code(page, accepted_solution("vector-add"))
    judged(page, lambda: page.click("#submit-btn"), "ACCEPTED")
    page.click("header a:text-is('Review')")
    expect(page.locator("#nothing-due")).to_be_visible()
    later = page.locator("#later tr[data-slug=vector-add]")
    expect(later.locator(".last")).to_contain_text("passed")
    expect(later.locator(".due-in")).to_contain_text("in 3.0 days")
    assert errors == []
    context.close()
