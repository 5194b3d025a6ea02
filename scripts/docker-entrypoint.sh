#!/bin/sh
# The images' entrypoint, and their `tensordojo` command (a link to this file): the
# settings that are secrets may come from files (Docker secrets, or any mounted file)
# instead of the environment: TENSORDOJO_JUDGE_SECRET_FILE, TENSORDOJO_DATABASE_URL_FILE
# and PGPASSWORD_FILE (read by PostgreSQL's client library) name a file whose content
# becomes TENSORDOJO_JUDGE_SECRET, TENSORDOJO_DATABASE_URL or PGPASSWORD; then the
# command runs. As the link, this holds for `docker compose exec web tensordojo ...`
# too, which bypasses the entrypoint.
#   e.g. TENSORDOJO_JUDGE_SECRET_FILE=/run/secrets/judge_secret
set -eu

for name in TENSORDOJO_JUDGE_SECRET TENSORDOJO_DATABASE_URL PGPASSWORD; do
  var=${name}_FILE
  file=$(printenv "$var" || true)
  [ -n "$file" ] || continue
  if [ -n "$(printenv "$name" || true)" ]; then
    echo "tensordojo: both $name and $var are set; set one of them" >&2
    exit 2
  fi
  if [ ! -r "$file" ]; then
    echo "tensordojo: $var names $file, which cannot be read" >&2
    exit 2
  fi
  value=$(cat "$file")
  export "$name=$value"
  unset "$var"
done

if [ "${0##*/}" = tensordojo ]; then
  exec "${VIRTUAL_ENV:-/opt/venv}/bin/python3" -m app.cli "$@"
fi
exec "$@"
