#!/usr/bin/env bash
# Installs Debian's PostgreSQL if missing, starts its main cluster, creates the role and
# database `crosswind`, and prints the DATABASE_URL on stdout (everything else goes to stderr).
# Idempotent; run as root (CI, containers) or with sudo. Password: CROSSWIND_PG_PASSWORD
# (default "crosswind", fine for a local or CI database, not for anything exposed).
#
#   export CROSSWIND_TEST_DATABASE_URL="$(scripts/postgres.sh)"   # repository tests on PostgreSQL
#   DATABASE_URL="$(scripts/postgres.sh)" npm start                 # the API on PostgreSQL
set -euo pipefail

PASSWORD="${CROSSWIND_PG_PASSWORD:-crosswind}"
NAME=crosswind
log() { echo "postgres.sh: $*" >&2; }

if [ "$(id -u)" -ne 0 ]; then
  exec sudo -E "$0" "$@"
fi

if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  log "installing postgresql (apt-get)"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi

VERSION="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
if ! pg_lsclusters -h | awk -v v="$VERSION" '$1 == v && $2 == "main" { found = 1 } END { exit !found }'; then
  log "creating cluster $VERSION/main"
  pg_createcluster "$VERSION" main >&2
fi
if ! pg_lsclusters -h | awk -v v="$VERSION" '$1 == v && $2 == "main" && $4 == "online" { found = 1 } END { exit !found }'; then
  log "starting cluster $VERSION/main"
  pg_ctlcluster "$VERSION" main start >&2
fi
PORT="$(pg_lsclusters -h | awk -v v="$VERSION" '$1 == v && $2 == "main" { print $3 }')"

for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p "$PORT" && break
  sleep 1
done
pg_isready -q -h 127.0.0.1 -p "$PORT" || { log "PostgreSQL $VERSION did not come up on port $PORT"; exit 1; }

psql_admin() { su postgres -c "psql -p $PORT -v ON_ERROR_STOP=1 -qtAX $*"; }
SQL_PASSWORD="${PASSWORD//\'/\'\'}"
if [ "$(psql_admin "-c \"SELECT 1 FROM pg_roles WHERE rolname = '$NAME'\"")" != "1" ]; then
  log "creating role $NAME"
  psql_admin "-c \"CREATE ROLE $NAME LOGIN PASSWORD '$SQL_PASSWORD'\"" >&2
else
  psql_admin "-c \"ALTER ROLE $NAME LOGIN PASSWORD '$SQL_PASSWORD'\"" >&2
fi
if [ "$(psql_admin "-c \"SELECT 1 FROM pg_database WHERE datname = '$NAME'\"")" != "1" ]; then
  log "creating database $NAME"
  su postgres -c "createdb -p $PORT -O $NAME $NAME" >&2
fi

ENCODED_PASSWORD="$(node -e 'process.stdout.write(encodeURIComponent(process.argv[1]))' "$PASSWORD" 2>/dev/null || printf '%s' "$PASSWORD")"
log "PostgreSQL $VERSION ready on 127.0.0.1:$PORT, database $NAME"
echo "postgres://$NAME:$ENCODED_PASSWORD@127.0.0.1:$PORT/$NAME"
