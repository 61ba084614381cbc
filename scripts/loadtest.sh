#!/usr/bin/env bash
# `make loadtest`: runs loadtest/$SCRIPT (default seed-auth.js) with k6 against BASE_URL (default
# the `make run` service), or, without k6, in the grafana/k6 image of the compose profile loadtest.
# The introspection client's credentials come from .run/secrets.env unless exported.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
LIB_NAME=loadtest
. "$ROOT/scripts/lib.sh"
cd "$ROOT"

script="$(basename "${SCRIPT:-seed-auth.js}")"
[ -f "loadtest/$script" ] || die "no script loadtest/$script (see loadtest/README.md)"
if command -v k6 >/dev/null 2>&1; then
	if [ -z "${INTROSPECTION_CLIENT_SECRET:-}" ] && [ -f "$SECRETS_FILE" ]; then
		INTROSPECTION_CLIENT_ID="${INTROSPECTION_CLIENT_ID:-$(secret_value AUTHFLUX_INTROSPECTION_CLIENT_ID || true)}"
		INTROSPECTION_CLIENT_SECRET="$(secret_value AUTHFLUX_INTROSPECTION_CLIENT_SECRET || true)"
		export INTROSPECTION_CLIENT_ID INTROSPECTION_CLIENT_SECRET
	fi
	BASE_URL="${BASE_URL:-http://localhost:${PORT:-8080}}" exec k6 run "loadtest/$script"
elif docker info >/dev/null 2>&1; then
	db/local-postgres.sh secrets >/dev/null
	echo "k6 is not installed: running loadtest/$script in the grafana/k6 image (compose profile loadtest)"
	args=(--profile loadtest run --rm)
	[ -t 0 ] || args+=(-T)
	[ -z "${BASE_URL:-}" ] || args+=(--no-deps)
	K6_SCRIPT="$script" LOADTEST_UID="$(id -u)" LOADTEST_GID="$(id -g)" compose "${args[@]}" k6
else
	{
		echo "loadtest: needs k6 or a Docker engine; neither is available here."
		echo "  Install k6 (https://grafana.com/docs/k6/latest/set-up/install-k6/) and run: make loadtest SCRIPT=$script"
		echo "  or start a Docker engine, so that the grafana/k6 image runs it against the compose stack."
		echo "  Where neither can be had (the build machine), 'make bench' measures with wrk: see docs/performance.md."
	} >&2
	exit 1
fi
