"""A live `tensordojo serve` and Debian's headless Chromium driven by Playwright."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.browser.helpers import CHROMIUM, launch
from tests.web.live import LiveServer


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    server = LiveServer(tmp_path_factory.mktemp("browser") / "data", workers=1)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is required: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = launch(pw)
        try:
            yield instance
        finally:
            instance.close()
