#!/usr/bin/env bash
# Builds a Debian bookworm base image with Debian's python3.11, for machines that reach
# package mirrors but no container registry (CI): debootstrap (minbase) into a
# directory, then `docker import`. The Dockerfile takes it as its base:
#   docker compose build --build-arg BASE_IMAGE=tensordojo-base:bookworm   (or set
#   TENSORDOJO_BASE_IMAGE, which docker-compose.yml passes on)
# Where the official python images can be pulled, none of this is needed.
#
# This host's extra certificate authorities (/usr/local/share/ca-certificates) are
# added, so builds from this image work behind the same TLS-inspecting proxy as the host.
#
# Usage: scripts/docker-base-image.sh [IMAGE]   (default tensordojo-base:bookworm;
#        an existing image is kept: FORCE=1 rebuilds it)
set -euo pipefail

image=${1:-tensordojo-base:bookworm}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
security=${DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}

if [ "${FORCE:-0}" != 1 ] && docker image inspect "$image" >/dev/null 2>&1; then
  echo "docker-base-image: $image exists (FORCE=1 rebuilds it)"
  exit 0
fi
[ "$(id -u)" = 0 ] || { echo "docker-base-image: debootstrap needs root" >&2; exit 1; }

root=$(mktemp -d /var/tmp/tensordojo-base.XXXXXX)
trap 'rm -rf "$root"' EXIT
started=$(date +%s)
debootstrap --variant=minbase --include=python3,python3-venv,ca-certificates \
  bookworm "$root" "$mirror" >"$root.log" 2>&1 || { tail -n 40 "$root.log" >&2; rm -f "$root.log"; exit 1; }
rm -f "$root.log"

cat >"$root/etc/apt/sources.list" <<SOURCES
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb $security bookworm-security main
SOURCES
# Like Debian's own container images: no recommended packages, no documentation.
cat >"$root/etc/apt/apt.conf.d/90container" <<'APT'
APT::Install-Recommends "false";
APT::Install-Suggests "false";
APT
cat >"$root/etc/dpkg/dpkg.cfg.d/90container" <<'DPKG'
path-exclude /usr/share/doc/*
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
DPKG
if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
  cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/"
  chroot "$root" update-ca-certificates >/dev/null 2>&1
fi
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* \
  "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/info/* "$root"/var/log/*.log

tar --numeric-owner -C "$root" -c . | docker import \
  --change 'ENV LANG=C.UTF-8' \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'CMD ["python3"]' \
  --message "Debian bookworm (minbase) with python3.11, made by debootstrap" \
  - "$image" >/dev/null
echo "docker-base-image: $image in $(( $(date +%s) - started )) s," \
  "$(docker image inspect "$image" --format '{{.Size}}' | awk '{printf "%.0f MB", $1/1e6}')"
