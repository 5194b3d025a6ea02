#!/usr/bin/env bash
# Sets up what the tests need, then runs the whole suite with pytest:
# lint, unit, integration (judge + HTTP API with real workers), attack suite,
# browser tests in headless Chromium, and `problems validate` on the whole bank.
#
# Usage: scripts/test.sh [--quick] [pytest arguments...]
#   --quick  for local work: leaves out the slow suites (tests marked `slow` or
#            `browser`, and the attack suite's re-run as an unprivileged user).
#            CI (.ci/run) runs everything.
set -euo pipefail
cd "$(dirname "$0")/.."

quick=0
args=()
for arg in "$@"; do
  if [ "$arg" = "--quick" ]; then quick=1; else args+=("$arg"); fi
done

need_apt=()
[ "$quick" = 1 ] || command -v chromium >/dev/null || need_apt+=(chromium)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "warning: missing ${need_apt[*]} (install them as root); dependent tests will fail" >&2
  fi
fi

scripts/setup.sh test
export TENSORDOJO_DATA_DIR="${TENSORDOJO_DATA_DIR:-$(mktemp -d)}"
source scripts/postgres.sh  # PostgreSQL on loopback: the queue and API suites also run against it
# A Docker engine and Compose for the container tests (tests/deploy: the compose stack built and run).
[ "$quick" = 1 ] || scripts/docker-engine.sh \
  || echo "warning: no Docker engine answers; the container tests (tests/deploy) will fail" >&2

if [ "$quick" = 1 ]; then
  args=(-m "not slow and not browser" --ignore=tests/attacks/test_unprivileged.py ${args[@]+"${args[@]}"})
fi

.venv/bin/ruff check .
.venv/bin/python -m pytest ${args[@]+"${args[@]}"}
