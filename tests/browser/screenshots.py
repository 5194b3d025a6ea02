"""Regenerates the README's screenshots (docs/screenshots/problem.png, result.png) on a
live server in headless Chromium: run it through scripts/screenshots.sh."""

from __future__ import annotations

import argparse
import logging
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.browser.helpers import SOFTMAX_CORRECT, judged, launch, sign_up, type_code
from tests.web.live import ROOT, LiveServer

log = logging.getLogger("screenshots")


def take(out: Path) -> list[Path]:
    """A learner solving softmax: the problem page after Run, then the result of Submit."""
    out.mkdir(parents=True, exist_ok=True)
    shots = [out / "problem.png", out / "result.png"]
    with tempfile.TemporaryDirectory(prefix="tensordojo-screenshots-") as tmp:
        server = LiveServer(Path(tmp) / "data", workers=1)
        try:
            with sync_playwright() as playwright:
                browser = launch(playwright)
                page = browser.new_context(viewport={"width": 1440, "height": 900}).new_page()
                sign_up(page, server.url, "ada", "analytical engine")
                page.goto(server.url + "/problems/softmax")
                type_code(page, SOFTMAX_CORRECT)
                judged(page, lambda: page.keyboard.press("Control+Enter"), "ACCEPTED")  # Run
                page.screenshot(path=str(shots[0]))
                judged(page, lambda: page.keyboard.press("Control+Shift+Enter"), "ACCEPTED")  # Submit
                page.screenshot(path=str(shots[1]))
                browser.close()
        finally:
            server.stop()
    return shots


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots", help="where the PNG files go")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    for path in take(args.out):
        log.info("wrote %s", path)


if __name__ == "__main__":
    main()
