"""A learner's path through the real app in headless Chromium: sign up, solve
softmax in the editor, see ACCEPTED with timing, then a WRONG_ANSWER with the
mismatch, find the entry on the leaderboard and the problem marked solved."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
CORRECT = """import torch


def solve(x: torch.Tensor, dim: int) -> torch.Tensor:
    # Shift by the maximum so exp() never overflows.
    shifted = x - x.amax(dim=dim, keepdim=True)
    e = torch.exp(shifted)
    return e / e.sum(dim=dim, keepdim=True)
"""
WRONG = """import torch


def solve(x: torch.Tensor, dim: int) -> torch.Tensor:
    e = torch.exp(x)  # no max shift: overflows on large inputs
    return e / e.sum(dim=dim, keepdim=True)
"""
JUDGE_TIMEOUT_MS = 180_000


def _type_code(page: Page, code: str) -> None:
    """Replace the editor's text the way a user would: focus, select all, type."""
    editor = page.locator(".cm-content")
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(code)
    assert page.evaluate("window.tdProblem.editor.getValue()") == code


def test_sign_up_solve_softmax_and_see_the_leaderboard(live_server, browser) -> None:
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    base = live_server.url

    page.goto(base + "/signup")
    page.fill("input[name=username]", "ada")
    page.fill("input[name=password]", "analytical engine")
    page.click("button[type=submit]")
    expect(page).to_have_url(base + "/problems")
    expect(page.locator("header .who")).to_have_text("ada")

    page.click('table.problems a:text-is("Softmax")')
    expect(page.locator("h1")).to_have_text("Softmax")
    expect(page.locator(".cm-content")).to_contain_text("def solve")  # the starter
    expect(page.locator(".statement .katex").first).to_be_visible()  # math rendered locally
    expect(page.locator(".statement h2", has_text="Notes")).to_be_visible()

    _type_code(page, CORRECT)
    page.keyboard.press("Control+Enter")  # Run: visible examples only
    expect(page.locator("#verdict")).to_have_text("ACCEPTED", timeout=JUDGE_TIMEOUT_MS)
    expect(page.locator("#result")).to_contain_text("Run #")
    page.screenshot(path=str(SCREENSHOTS / "problem.png"))

    page.click("#submit-btn")
    expect(page.locator("#verdict")).to_have_text("ACCEPTED", timeout=JUDGE_TIMEOUT_MS)
    expect(page.locator("#timing")).to_contain_text("reference")
    expect(page.locator("#result")).to_contain_text("Submit #")
    page.screenshot(path=str(SCREENSHOTS / "result.png"))

    _type_code(page, WRONG)
    page.keyboard.press("Control+Shift+Enter")  # Submit
    expect(page.locator("#verdict")).to_have_text("WRONG_ANSWER", timeout=JUDGE_TIMEOUT_MS)
    message = page.locator("#result .message")
    expect(message).to_contain_text("expected")
    expect(page.locator("#result table.tests tr.bad").first).to_be_visible()

    page.click("[data-tab=leaderboard]")
    row = page.locator("#tab-leaderboard table.leaderboard tbody tr").first
    expect(row).to_contain_text("ada")
    expect(row).to_contain_text("pytorch")

    page.click("[data-tab=submissions]")
    expect(page.locator("#tab-submissions table.submissions tbody tr")).to_have_count(3)

    page.reload()  # the last code comes back after a reload
    expect(page.locator(".cm-content")).to_contain_text("no max shift")

    page.goto(base + "/problems")
    expect(page.locator("tr[data-slug=softmax] .solved-mark")).to_be_visible()
    expect(page.locator("tr[data-slug=vector-add] .solved-mark")).to_have_count(0)
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
    _type_code(page, "   ")
    page.click("#run-btn")
    expect(page.locator("#result .error")).to_contain_text("code is empty")
    context.close()
