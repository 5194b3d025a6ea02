#!/usr/bin/env bash
# Sets up what the tests need, then runs the whole suite with pytest:
# lint, unit, integration (judge + HTTP API with real workers), attack suite,
# browser tests in headless Chromium, and `problems validate` on the whole bank.
#
# Then the sandbox, attack and verdict suites again on the container sandbox backend
# (TENSORDOJO_TEST_SANDBOX=container: each submission in a container of the runner image,
# built from this checkout), with the container backend's own tests.
#
# Usage: scripts/test.sh [--quick | --container] [pytest arguments...]
#   --quick      for local work: leaves out the slow suites (tests marked `slow` or
#                `browser`, the attack suite's re-run as an unprivileged user, and the
#                container backend's run). CI (.ci/run) runs everything.
#   --container  the container backend's run alone (needs the Docker engine)
set -euo pipefail
cd "$(dirname "$0")/.."

quick=0
container=0
args=()
for arg in "$@"; do
  case "$arg" in
    --quick) quick=1 ;;
    --container) container=1 ;;
    *) args+=("$arg") ;;
  esac
done
# The container backend's run: the sandbox tests that concern either backend, the verdict
# tests, and the attacks but for most of those on timing (the judge's logic, the same on
# both backends: two that stop and read the child's processes stay).
container_suites=(tests/sandbox/test_container.py tests/sandbox/test_pool.py tests/integration/test_verdicts.py
                  tests/attacks/test_attacks.py)
container_select=(-m "not process_backend"
                  -k "not test_attacks or not timing_ or timing_background_process or timing_threads_honest")

need_apt=()
[ "$quick" = 1 ] || command -v chromium >/dev/null || need_apt+=(chromium)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "warning: missing ${need_apt[*]} (install them as root); dependent tests will fail" >&2
  fi
fi

scripts/setup.sh test,container  # container: the Docker SDK, for the container sandbox backend
export TENSORDOJO_DATA_DIR="${TENSORDOJO_DATA_DIR:-$(mktemp -d)}"
source scripts/postgres.sh  # PostgreSQL on loopback: the queue and API suites also run against it
# A Docker engine and Compose for the container tests (tests/deploy: the compose stack built and run).
[ "$quick" = 1 ] || scripts/docker-engine.sh \
  || echo "warning: no Docker engine answers; the container tests (tests/deploy, the container backend) will fail" >&2

if [ "$container" = 1 ]; then
  TENSORDOJO_TEST_SANDBOX=container .venv/bin/python -m pytest "${container_select[@]}" \
    ${args[@]+"${args[@]}"} "${container_suites[@]}"
  exit
fi
if [ "$quick" = 1 ]; then
  args=(-m "not slow and not browser" --ignore=tests/attacks/test_unprivileged.py ${args[@]+"${args[@]}"})
fi

.venv/bin/ruff check .
# tests/sandbox/test_container.py runs with the container backend's run below.
.venv/bin/python -m pytest --ignore=tests/sandbox/test_container.py ${args[@]+"${args[@]}"}
[ "$quick" = 1 ] || TENSORDOJO_TEST_SANDBOX=container .venv/bin/python -m pytest "${container_select[@]}" \
  ${args[@]+"${args[@]}"} "${container_suites[@]}"
