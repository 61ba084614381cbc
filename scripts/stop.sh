#!/usr/bin/env bash
# `make stop`: stops what `make run` started; the data is kept.
# `make stop-hard` (--hard): stops everything and deletes the databases (the compose volume unless
# USE_DOCKER=no, and the project-private cluster).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
LIB_NAME=stop
. "$ROOT/scripts/lib.sh"
cd "$ROOT"

if [ "${1:-}" = --hard ]; then
	if [ "${USE_DOCKER:-auto}" != no ] && docker info >/dev/null 2>&1; then
		db/local-postgres.sh secrets >/dev/null
		compose down -v --remove-orphans
	fi
	service/run-local.sh stop
	db/local-postgres.sh destroy
	rm -f "$RUN_DIR/mode"
	exit 0
fi

if [ "$(cat "$RUN_DIR/mode" 2>/dev/null || true)" = docker ]; then
	if docker info >/dev/null 2>&1; then
		db/local-postgres.sh secrets >/dev/null
		compose down
	else
		echo "The Docker engine does not answer: cannot stop the compose stack" >&2
	fi
fi
service/run-local.sh stop
db/local-postgres.sh stop
rm -f "$RUN_DIR/mode"
