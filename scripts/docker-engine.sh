#!/usr/bin/env bash
# Makes sure a Docker engine and Compose answer on this machine, for the container
# tests (tests/deploy): as root on Debian, installs Debian's docker.io, docker-compose
# and debootstrap when missing, then starts dockerd when none answers.
#
# The engine starts with --iptables=false (no firewall rules are touched on the host):
# containers then reach the outside only with host networking, which is what the
# image builds use (TENSORDOJO_BUILD_NETWORK=host); a published port still answers on
# loopback, and a network_mode: none container has no network at all.
#
# Usage: scripts/docker-engine.sh            (idempotent; prints the versions it found)
set -euo pipefail

log=${DOCKERD_LOG:-/var/log/tensordojo-dockerd.log}
wait_s=${DOCKERD_WAIT_S:-60}

engine_answers() { docker info >/dev/null 2>&1; }

need=()
command -v dockerd >/dev/null || need+=(docker.io)
command -v docker-compose >/dev/null || docker compose version >/dev/null 2>&1 || need+=(docker-compose)
command -v debootstrap >/dev/null || need+=(debootstrap)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    echo "docker-engine: missing ${need[*]}; install them (Debian: apt-get install ${need[*]})" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

if ! engine_answers; then
  if [ "$(id -u)" != 0 ]; then
    echo "docker-engine: no Docker engine answers and only root can start one here" >&2
    exit 1
  fi
  mkdir -p "$(dirname "$log")"
  # setsid: the engine outlives this script and the test run that started it.
  setsid dockerd --iptables=false >>"$log" 2>&1 < /dev/null &
  for _ in $(seq "$((wait_s * 5))"); do
    engine_answers && break
    sleep 0.2
  done
  if ! engine_answers; then
    echo "docker-engine: dockerd did not answer within ${wait_s}s; its log ($log) ends with:" >&2
    tail -n 30 "$log" >&2
    exit 1
  fi
fi
echo "docker-engine: $(docker version --format 'engine {{.Server.Version}}, client {{.Client.Version}}')," \
  "$( (docker compose version 2>/dev/null || docker-compose version --short) | head -n 1)"
