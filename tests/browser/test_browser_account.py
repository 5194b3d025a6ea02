"""Account pages in headless Chromium: a password change logs the other browser out,
deleting an account, and the pages (editor, math, /docs) working offline under the
content security policy."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import BrowserContext, ConsoleMessage, Page, expect

from tests.browser.helpers import sign_up
from tests.web.live import LiveServer

pytestmark = pytest.mark.browser

PASSWORD = "analytical engine"


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """No judging needed here: a server without workers starts faster."""
    server = LiveServer(tmp_path_factory.mktemp("account") / "data", workers=0)
    try:
        yield server
    finally:
        server.stop()


def _offline_context(browser, base: str) -> BrowserContext:
    """A browser that can reach the app and nothing else (as on a machine offline)."""
    context = browser.new_context()
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base) else route.abort())
    return context


def _watch(page: Page, base: str) -> list[str]:
    """Script errors, loads the CSP blocked and any try to reach another site (an HTTP
    error status from the app is an answer, not a problem)."""
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))

    def console(msg: ConsoleMessage) -> None:
        if "Failed to load resource: the server responded with a status" in msg.text:
            return
        if msg.type == "error" or "Content Security Policy" in msg.text:
            problems.append(f"console {msg.type}: {msg.text}")

    page.on("console", console)
    page.on("request", lambda req: None if req.url.startswith(base) else problems.append(f"off-site: {req.url}"))
    return problems


def _log_in(page: Page, base: str, username: str, password: str = PASSWORD) -> None:
    page.goto(base + "/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")


def test_changing_the_password_logs_the_other_browser_out(live_server: LiveServer, browser) -> None:
    base = live_server.url
    desk = _offline_context(browser, base)
    laptop = _offline_context(browser, base)
    page = desk.new_page()
    other = laptop.new_page()
    problems = _watch(page, base)
    sign_up(page, base, "lin", PASSWORD)
    _log_in(other, base, "lin")
    expect(other.locator("header .who")).to_have_text("lin")

    page.goto(base + "/profile")
    expect(page.locator("#session-count")).to_have_text("2")
    form = page.locator("#password-form")
    form.locator("input[name=current_password]").fill(PASSWORD)
    form.locator("input[name=new_password]").fill("difference engine")
    form.locator("input[name=new_password_again]").fill("difference engine")
    form.locator("button[type=submit]").click()
    expect(page.locator("#account-notice")).to_contain_text("Password changed")
    expect(page.locator("#session-count")).to_have_text("1")
    expect(page.locator("header .who")).to_have_text("lin")  # this browser stays logged in

    other.goto(base + "/profile")
    expect(other).to_have_url(base + "/login?next=%2Fprofile")
    expect(other.locator("header")).to_contain_text("Log in")
    assert other.evaluate("fetch('/api/me').then(r => r.status)") == 401

    _log_in(other, base, "lin")  # the old password no longer works, the new one does
    expect(other.locator(".error")).to_contain_text("wrong username or password")
    _log_in(other, base, "lin", "difference engine")
    expect(other.locator("header .who")).to_have_text("lin")
    assert problems == []
    desk.close()
    laptop.close()


def test_deleting_my_account(live_server: LiveServer, browser) -> None:
    base = live_server.url
    context = _offline_context(browser, base)
    page = context.new_page()
    problems = _watch(page, base)
    sign_up(page, base, "moe", PASSWORD)
    page.goto(base + "/profile")
    form = page.locator("#delete-form")
    form.locator("input[name=confirm]").fill("someone else")
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("button[type=submit]").click()
    expect(page.locator("#account-error")).to_contain_text("type your username (moe)")

    form = page.locator("#delete-form")
    form.locator("input[name=confirm]").fill("moe")
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("button[type=submit]").click()
    expect(page.locator("#account-deleted")).to_contain_text("The account moe and its submissions are gone")
    expect(page.locator("header")).to_contain_text("Log in")
    assert page.evaluate("fetch('/api/me').then(r => r.status)") == 401

    _log_in(page, base, "moe")
    expect(page.locator(".error")).to_contain_text("wrong username or password")
    sign_up(page, base, "moe", PASSWORD)  # the name is free again
    assert problems == []
    context.close()


def test_problem_page_and_docs_work_offline_under_the_content_security_policy(live_server: LiveServer, browser) -> None:
    base = live_server.url
    context = _offline_context(browser, base)
    page = context.new_page()
    problems = _watch(page, base)
    page.goto(base + "/problems/softmax")
    expect(page.locator(".cm-content")).to_contain_text("def solve")  # the editor's script ran
    expect(page.locator(".statement .katex").first).to_be_visible()  # math rendered
    page.click("[data-tab=leaderboard]")  # fetch from the page's script
    expect(page.locator("#tab-leaderboard")).to_contain_text("No accepted submission yet")

    page.goto(base + "/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("TensorDojo")
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible()
    assert page.locator(".swagger-ui .opblock").count() >= 8
    page.locator(".opblock-summary-path", has_text="/api/submissions/{submission_id}").first.click()
    expect(page.locator(".swagger-ui .responses-table").first).to_contain_text("404")
    assert problems == [], problems
    context.close()
