#!/usr/bin/env bash
# `make run`: PostgreSQL and the service, in Docker Compose when a Docker engine answers, else a
# project-private cluster (db/local-postgres.sh, unless AUTHFLUX_DB_HOST names your own
# PostgreSQL) and the jar run directly (service/run-local.sh). Records the mode for `make stop`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
LIB_NAME=run
. "$ROOT/scripts/lib.sh"
cd "$ROOT"

db/local-postgres.sh secrets
if docker_ok; then
	echo docker >"$RUN_DIR/mode"
	compose up -d --build --wait
	echo "authflux is up at http://localhost:${PORT:-8080}"
	echo "Mail goes to Mailpit: read it at http://localhost:${AUTHFLUX_MAILPIT_PORT:-8025}"
	exit 0
fi
echo local >"$RUN_DIR/mode"
if [ -z "${AUTHFLUX_DB_HOST:-}" ]; then
	db/local-postgres.sh start
	eval "$(db/local-postgres.sh env)"
	[ -n "${AUTHFLUX_DB_PORT:-}" ] || die "could not read the local PostgreSQL settings"
else
	echo "Using your PostgreSQL at ${AUTHFLUX_DB_HOST}:${AUTHFLUX_DB_PORT:-?} (AUTHFLUX_DB_HOST)"
fi
service/run-local.sh start
