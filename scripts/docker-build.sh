#!/usr/bin/env bash
# Builds the web and runner images with docker-compose.yml on a machine that reaches
# package mirrors but no container registry (CI): the engine (scripts/docker-engine.sh),
# a debootstrapped base image (scripts/docker-base-image.sh), the wheels on this
# machine (scripts/docker-wheels.sh), then `compose build` with host networking for apt.
# Where the official images can be pulled, `docker compose build` is all it takes.
#
# Usage: scripts/docker-build.sh [SERVICE...]   (default: web runner)
#   TENSORDOJO_BASE_IMAGE  use this base instead of making one
#   TENSORDOJO_IMAGE_TAG   tag of the images (default latest)
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
export TENSORDOJO_WHEELS_ONLY=1 TENSORDOJO_BUILD_NETWORK=host

for service in "${services[@]}"; do
  started=$(date +%s)
  $COMPOSE -f docker-compose.yml build -q "$service"
  image="tensordojo-$service:${TENSORDOJO_IMAGE_TAG:-latest}"  # as docker-compose.yml names them
  size=$(docker image inspect "$image" --format '{{.Size}}' | awk '{printf "%.0f MB", $1 / 1e6}')
  echo "docker-build: $image in $(( $(date +%s) - started )) s, $size"
done
