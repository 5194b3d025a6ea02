#!/usr/bin/env bash
# Regenerates the README's screenshots (docs/screenshots/*.png) from a live server in
# headless Chromium. Needs the test set-up (scripts/test.sh installs it) and Debian's chromium.
# Usage: scripts/screenshots.sh [--out DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/python -m tests.browser.screenshots "$@"
