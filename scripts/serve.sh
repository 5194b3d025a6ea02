#!/usr/bin/env bash
# One command for a newcomer: set everything up, then start the web app and its workers.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec .venv/bin/tensordojo serve "$@"
