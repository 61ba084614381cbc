#!/usr/bin/env bash
# Part of `make test`: stops and starts the project-private PostgreSQL (db/local-postgres.sh) under
# a service started as `make run` starts it (service/run-local.sh), with registrations under way,
# and checks that the service recovers without being restarted: registrations are acknowledged
# (201) again, a new user registers and logs in (201 each), and every acknowledged registration
# can log in.
#
# It keeps its own cluster, secrets and service under .run/db-restart-test (AUTHFLUX_RUN_DIR), on
# free ports, so it runs beside `make run` and the Java suite's cluster; all of it is deleted at
# the end. Needs PostgreSQL server binaries and curl. Kept compatible with bash 3.2.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../.." && pwd -P)"
export AUTHFLUX_RUN_DIR="${AUTHFLUX_RUN_DIR:-$ROOT/.run/db-restart-test}"
LIB_NAME=db-restart-test
# RUN_DIR, step, die, free_port
. "$ROOT/scripts/lib.sh"
DB="$ROOT/db/local-postgres.sh"
SERVICE="$ROOT/service/run-local.sh"
WORK="$RUN_DIR/work"
PASSWORD="restart-test correct horse"
RECOVERY_WAIT="${RECOVERY_WAIT:-60}"

if ! "$DB" bindir >/dev/null 2>&1; then
	echo "db-restart-test: SKIPPED: no PostgreSQL server binaries here (db/local-postgres.sh bindir)" >&2
	exit 0
fi
command -v curl >/dev/null 2>&1 || die "needs curl"

LOADERS=""
cleanup() {
	local status=$?
	touch "$WORK/stop" 2>/dev/null || true
	for pid in $LOADERS; do wait "$pid" 2>/dev/null || true; done
	if [ "$status" -ne 0 ] && [ -f "$RUN_DIR/service.log" ]; then
		echo "---- last 30 lines of the test service's log ----" >&2
		tail -n 30 "$RUN_DIR/service.log" >&2 || true
	fi
	"$SERVICE" stop >/dev/null 2>&1 || true
	"$DB" destroy >/dev/null 2>&1 || true
	rm -rf "$RUN_DIR"
	exit "$status"
}
trap cleanup EXIT

# A leftover of an interrupted run goes first.
"$SERVICE" stop >/dev/null 2>&1 || true
"$DB" destroy >/dev/null 2>&1 || true
rm -rf "$RUN_DIR"
mkdir -p "$WORK"

step "db-restart test: a cluster and a service of its own under ${RUN_DIR#"$ROOT"/}"
"$DB" secrets >/dev/null
"$DB" start
eval "$("$DB" env)"
db_port="$AUTHFLUX_DB_PORT"
PORT="$(free_port 18080)"
AUTHFLUX_MANAGEMENT_PORT="$(free_port $((PORT + 1)))"
export PORT AUTHFLUX_MANAGEMENT_PORT
BASE="http://localhost:$PORT"
AUTHFLUX_AOT_CACHE=no AUTHFLUX_START_TIMEOUT="${AUTHFLUX_START_TIMEOUT:-180}" "$SERVICE" start

# post PATH USERNAME: prints the HTTP status (000: no answer).
post() {
	curl -s -o /dev/null -w '%{http_code}' --max-time 15 -X POST "$BASE$1" \
		-H 'Content-Type: application/json' \
		-d "{\"username\": \"$2\", \"password\": \"$PASSWORD\"}" 2>/dev/null || true
}

# Registers PREFIX1, PREFIX2, ... until told to stop; one "name status" line per attempt.
register_loop() {
	local i=0
	while [ ! -f "$WORK/stop" ]; do
		i=$((i + 1))
		echo "$1$i $(post /api/v1/users "$1$i")" >>"$WORK/registrations.$1"
	done
}

acknowledged() { cat "$WORK"/registrations.* 2>/dev/null | awk '$2 == 201' | wc -l | tr -d ' '; }

# wait_for SECONDS COMMAND...: runs COMMAND every half second until it succeeds.
wait_for() {
	local limit=$(($1 * 2)) n=0
	shift
	until "$@"; do
		n=$((n + 1))
		[ "$n" -lt "$limit" ] || return 1
		sleep 0.5
	done
}

step "Registrations under way"
for prefix in ra rb; do
	register_loop "$prefix" &
	LOADERS="$LOADERS $!"
done
at_least() { [ "$(acknowledged)" -ge "$1" ]; }
wait_for 60 at_least 3 || die "no registration was acknowledged before the restart"

step "Restart the database under load (db/local-postgres.sh stop, start)"
"$DB" stop
"$DB" start
eval "$("$DB" env)"
echo "database port before: $db_port, after: $AUTHFLUX_DB_PORT (the service was started against $db_port)"
before="$(acknowledged)"

step "The service recovers without a restart"
# The registrations under way are acknowledged again; then, with the load stopped (under it the hash
# pool may refuse with 503), a new user registers and logs in.
more_than() { [ "$(acknowledged)" -gt "$1" ]; }
wait_for "$RECOVERY_WAIT" more_than "$before" ||
	die "no registration was acknowledged within ${RECOVERY_WAIT}s of the database's restart"
touch "$WORK/stop"
for pid in $LOADERS; do wait "$pid" || true; done
LOADERS=""
recovered() {
	local name
	name="probe$(date +%s)$RANDOM"
	[ "$(post /api/v1/users "$name")" = 201 ] && [ "$(post /api/v1/sessions "$name")" = 201 ]
}
wait_for 30 recovered || die "a new user could not register (201) and log in (201) after the restart"

step "Every acknowledged registration logs in"
total=0
failed=0
while read -r name; do
	total=$((total + 1))
	code="$(post /api/v1/sessions "$name")"
	if [ "$code" != 201 ]; then
		failed=$((failed + 1))
		echo "  $name: log in answered $code" >&2
	fi
done < <(cat "$WORK"/registrations.* | awk '$2 == 201 { print $1 }')
statuses="$(cat "$WORK"/registrations.* | awk '{ print $2 }' | sort | uniq -c | awk '{ printf "%s%s x%s", sep, $2, $1; sep = ", " }')"
echo "registration answers: $statuses; $total acknowledged, $failed of them cannot log in"
[ "$failed" -eq 0 ] || die "$failed acknowledged registrations cannot log in"
[ "$AUTHFLUX_DB_PORT" = "$db_port" ] || die "the database came back on port $AUTHFLUX_DB_PORT, not its port $db_port"
echo "db-restart test: OK"
