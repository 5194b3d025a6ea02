"""Browser tests: headless Chromium (Playwright) against a live server."""
