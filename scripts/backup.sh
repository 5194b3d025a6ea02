#!/usr/bin/env bash
# Backs up the database of a running compose stack while it serves: SQLite with its
# online backup API (a consistent copy, checked with PRAGMA integrity_check), or
# PostgreSQL with pg_dump (custom format; restore with pg_restore).
#
# Usage: scripts/backup.sh [FILE]
#   FILE     where the backup goes (default: tensordojo-YYYYmmdd-HHMMSS.db, or .dump)
#   COMPOSE  the compose command with its options, default `docker compose` (else
#            docker-compose); e.g. with PostgreSQL:
#            COMPOSE="docker compose -f docker-compose.yml -f docker-compose.postgres.yml" scripts/backup.sh
set -euo pipefail

if [ -z "${COMPOSE:-}" ]; then
  if docker compose version >/dev/null 2>&1; then COMPOSE="docker compose"; else COMPOSE="docker-compose"; fi
fi
stamp=$(date +%Y%m%d-%H%M%S)
file=""
trap '[ -z "$file" ] || rm -f "$file.part"' EXIT

if [ -n "$($COMPOSE ps -q postgres 2>/dev/null)" ]; then
  file=${1:-tensordojo-$stamp.dump}
  $COMPOSE exec -T postgres pg_dump -U tensordojo -d tensordojo --format=custom >"$file.part"
else
  file=${1:-tensordojo-$stamp.db}
  $COMPOSE exec -T web python3 -c '
import os, sqlite3, sys, tempfile
with tempfile.TemporaryDirectory() as folder:
    copy = os.path.join(folder, "backup.db")
    source, target = sqlite3.connect("/data/tensordojo.db"), sqlite3.connect(copy)
    with target:
        source.backup(target)
    check = target.execute("PRAGMA integrity_check").fetchone()[0]
    if check != "ok":
        sys.exit(f"backup failed its integrity check: {check}")
    target.close()
    with open(copy, "rb") as handle:
        sys.stdout.buffer.write(handle.read())
' >"$file.part"
fi
mv "$file.part" "$file"
trap - EXIT
echo "backup: $file ($(du -h "$file" | cut -f1))"
