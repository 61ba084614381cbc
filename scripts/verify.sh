#!/usr/bin/env bash
# `./mvnw verify MAVEN_ARGS...` against a test database (used by `make test`, `run-e2e`,
# `run-cover`), after building the optimized argon2 (service/native/build-argon2.sh: once, then only
# when that script changes; where it cannot be built, the tests use argon2's reference build).
# The database:
#  - AUTHFLUX_TEST_DB_HOST already set: that PostgreSQL as it is;
#  - a Docker engine answers (USE_DOCKER): AUTHFLUX_TEST_DB_* stay unset, the tests use Testcontainers;
#  - otherwise the project-private cluster (db/local-postgres.sh), as AUTHFLUX_TEST_DB_HOST/PORT/
#    USER/PASSWORD (the tests create their own throwaway database with that CREATEDB role).
# --cover: say where the coverage report is, pass or fail.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
LIB_NAME=verify
. "$ROOT/scripts/lib.sh"
cd "$ROOT"

cover=""
if [ "${1:-}" = --cover ]; then
	cover=1
	shift
fi

service/native/build-argon2.sh || true

# The npm package openid-client, which the interoperability tests drive (interop/node), as pinned
# by its lockfile; installed again only when the lockfile changes.
node_dir=interop/node
if [ ! -f "$node_dir/node_modules/.package-lock.json" ] || [ "$node_dir/package-lock.json" -nt "$node_dir/node_modules/.package-lock.json" ]; then
	command -v npm >/dev/null 2>&1 || die "npm is needed for the interoperability tests (Debian: apt-get install npm)"
	npm ci --prefix "$node_dir" --no-audit --no-fund --loglevel=error
fi

if [ -n "${AUTHFLUX_TEST_DB_HOST:-}" ]; then
	echo "Tests use PostgreSQL at ${AUTHFLUX_TEST_DB_HOST}:${AUTHFLUX_TEST_DB_PORT:-5432} (AUTHFLUX_TEST_DB_HOST)"
elif docker_ok; then
	echo "Tests use Testcontainers (Docker)"
else
	db/local-postgres.sh secrets
	db/local-postgres.sh start
	eval "$(db/local-postgres.sh env | grep -v '_NAME=' | sed 's/^export AUTHFLUX_DB_/export AUTHFLUX_TEST_DB_/')"
	[ -n "${AUTHFLUX_TEST_DB_PORT:-}" ] || die "could not read the local PostgreSQL settings"
	echo "Tests use the project-private PostgreSQL on ${AUTHFLUX_TEST_DB_HOST}:${AUTHFLUX_TEST_DB_PORT}"
fi

status=0
./mvnw -B verify "$@" || status=$?
if [ -n "$cover" ] && [ -f service/target/site/jacoco/index.html ]; then
	echo "Coverage report: service/target/site/jacoco/index.html"
fi
exit "$status"
