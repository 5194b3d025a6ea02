"""What the browser tests and scripts/screenshots.sh share: Debian's headless Chromium,
and the learner's steps on a live server (sign up, type code, Run or Submit)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
JUDGE_TIMEOUT_MS = 180_000
SOFTMAX_CORRECT = """import torch


def solve(x: torch.Tensor, dim: int) -> torch.Tensor:
    # Shift by the maximum so exp() never overflows.
    shifted = x - x.amax(dim=dim, keepdim=True)
    e = torch.exp(shifted)
    return e / e.sum(dim=dim, keepdim=True)
"""
SOFTMAX_WRONG = """import torch


def solve(x: torch.Tensor, dim: int) -> torch.Tensor:
    e = torch.exp(x)  # no max shift: overflows on large inputs
    return e / e.sum(dim=dim, keepdim=True)
"""


def launch(playwright: Any) -> Any:
    """Debian's chromium, headless (Playwright's own browsers are not needed)."""
    if not CHROMIUM.exists():
        raise RuntimeError("Debian's chromium is required: apt-get install -y chromium")
    return playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS)


def sign_up(page: Page, base: str, username: str, password: str) -> None:
    page.goto(base + "/signup")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    expect(page.locator("header .who")).to_have_text(username)


def type_code(page: Page, code: str) -> None:
    """Replace the editor's text the way a user would: focus, select all, type."""
    editor = page.locator(".cm-content")
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(code)
    assert page.evaluate("window.tdProblem.editor.getValue()") == code


SHOWN_ID = "() => document.querySelector('#result [data-submission]')?.dataset.submission ?? null"
NEW_VERDICT = """(before) => {
    const body = document.querySelector('#result [data-submission]');
    return body !== null && body.dataset.submission !== before && !window.TDResult.isPending(body.dataset.status);
}"""


def judged(page: Page, start: Callable[[], object], verdict: str) -> None:
    """Start a Run or Submit (a key press, a click) and wait for its own verdict in the
    live panel, not the one shown before."""
    before = page.evaluate(SHOWN_ID)
    start()
    page.wait_for_function(NEW_VERDICT, arg=before, timeout=JUDGE_TIMEOUT_MS)
    expect(page.locator("#verdict")).to_have_text(verdict)
