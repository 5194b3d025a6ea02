#!/usr/bin/env bash
# Builds the web and runner images with docker-compose.yml on a machine that reaches
# package mirrors but no container registry (CI): the engine (scripts/docker-engine.sh),
# a debootstrapped base image (scripts/docker-base-image.sh), the wheels this machine's
# pip finds (scripts/docker-wheels.sh), served on loopback to the builds, which run with
# host networking (apt reaches its mirror that way) and install from those wheels only.
# Where the official images can be pulled, `docker compose build` is all it takes.
#
# Usage: scripts/docker-build.sh [SERVICE...]   (default: web runner)
#   TENSORDOJO_BASE_IMAGE  use this base instead of making one
#   TENSORDOJO_IMAGE_TAG   tag of the images (default latest)
#   WHEELS_PORT            loopback port the wheels are served on (default 38479)
#   COMPOSE                the compose command (default: `docker compose`, else `docker-compose`)
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${COMPOSE:-}" ]; then
  if docker compose version >/dev/null 2>&1; then COMPOSE="docker compose"; else COMPOSE="docker-compose"; fi
fi
services=("$@")
[ ${#services[@]} -gt 0 ] || services=(web runner)

scripts/docker-engine.sh
if [ -z "${TENSORDOJO_BASE_IMAGE:-}" ]; then
  scripts/docker-base-image.sh tensordojo-base:bookworm
  export TENSORDOJO_BASE_IMAGE=tensordojo-base:bookworm
fi
scripts/docker-wheels.sh

# The wheels, on loopback for the builds. A fixed port keeps the build arguments, and so
# Docker's layer cache, the same from one build to the next.
port=${WHEELS_PORT:-38479}
python=python3
[ -x .venv/bin/python ] && python=.venv/bin/python
"$python" -m http.server --bind 127.0.0.1 --directory .whl "$port" >/dev/null 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  "$python" -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/', timeout=1)" 2>/dev/null && break
  kill -0 "$server" 2>/dev/null || { echo "docker-build: cannot serve the wheels on port $port (WHEELS_PORT)" >&2; exit 1; }
  sleep 0.1
done
export TENSORDOJO_WHEELS_URL="http://127.0.0.1:$port/" TENSORDOJO_WHEELS_ONLY=1 TENSORDOJO_BUILD_NETWORK=host
export COMPOSE_DOCKER_CLI_BUILD=${COMPOSE_DOCKER_CLI_BUILD:-0}  # docker-compose 1.29: the engine's own builder

for service in "${services[@]}"; do
  started=$(date +%s)
  $COMPOSE -f docker-compose.yml build -q "$service"
  image="tensordojo-$service:${TENSORDOJO_IMAGE_TAG:-latest}"  # as docker-compose.yml names them
  size=$(docker image inspect "$image" --format '{{.Size}}' | awk '{printf "%.0f MB", $1 / 1e6}')
  echo "docker-build: $image in $(( $(date +%s) - started )) s, $size"
done
