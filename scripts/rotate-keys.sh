#!/usr/bin/env bash
# `make rotate-keys`: rotates the signing keys of the `make run` service now (PORT, default the
# port `make run` used, else 8080).
#
# The admin credentials come from .run/secrets.env (written by `make run`) unless exported; curl
# reads them from standard input, so the secret is not on a command line. They are sent as they
# are: letters, digits and -._~ (what `make run` generates) need no encoding (RFC 6749 §2.3.1).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
LIB_NAME=rotate-keys
. "$ROOT/scripts/lib.sh"

command -v curl >/dev/null 2>&1 || die "needs curl"
id="${AUTHFLUX_ADMIN_CLIENT_ID:-$(secret_value AUTHFLUX_ADMIN_CLIENT_ID || true)}"
secret="${AUTHFLUX_ADMIN_CLIENT_SECRET:-$(secret_value AUTHFLUX_ADMIN_CLIENT_SECRET || true)}"
[ -n "$secret" ] || die "no AUTHFLUX_ADMIN_CLIENT_SECRET (exported, or in .run/secrets.env): start the service with 'make run'"
port="${PORT:-$(cat "$RUN_DIR/service.port" 2>/dev/null || echo 8080)}"
url="http://localhost:$port/api/v1/admin/signing-keys/rotate"
if ! printf 'user = "%s:%s"\n' "${id:-admin}" "$secret" | curl -sS --fail-with-body --config - -X POST "$url"; then
	echo
	die "POST $url failed. Is the service up (make run)? A 401 means it was started with other admin credentials (make stop && make run)."
fi
echo
