#!/bin/sh
# The images' entrypoint, and their `tensordojo` command (a link to this file): settings
# that are secrets may come from files (Docker secrets, or any mounted file) instead of
# the environment. For every TENSORDOJO_<NAME>_FILE set (and PGPASSWORD_FILE, read by
# PostgreSQL's client library), the file's content becomes TENSORDOJO_<NAME>; then the
# command runs. As the link, this holds for `docker compose exec web tensordojo ...` too,
# which bypasses the entrypoint.
#   e.g. TENSORDOJO_JUDGE_SECRET_FILE=/run/secrets/judge_secret
set -eu

for var in $(env | sed -n 's/^\(TENSORDOJO_[A-Z0-9_]*_FILE\|PGPASSWORD_FILE\)=.*/\1/p'); do
  name=${var%_FILE}
  file=$(printenv "$var")
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
