# Sourced by bench/run.sh: Keycloak, the issue's anchor, measured on this machine in the same run,
# with the same wrk settings, the same PostgreSQL and the same seeded names.
#
# Keycloak's server distribution (org.keycloak:keycloak-quarkus-dist, a zip on Maven Central) is
# fetched once with the Maven wrapper into .run/keycloak/, built for PostgreSQL with health checks
# (`kc.sh build`), and started in production mode (`kc.sh start --optimized`) with its default JVM
# settings and password policy (argon2id, 7 MiB, 5 passes), HTTP on loopback and the local cache of
# a single node. A realm `bench` holds the bench's users, a confidential client with the password
# grant, and a resource-server client for introspection (in the tokens' audience, as Keycloak 26
# requires of an introspecting client). Access tokens live 6 h, as the bench's own.
#
# Set BENCH_KEYCLOAK=0 to leave it out; the report then falls back to the issue's anchor figures.

KC_ENABLED="${BENCH_KEYCLOAK:-1}"
KC_VERSION="${BENCH_KEYCLOAK_VERSION:-26.7.3}"
KC_PORT="${BENCH_KEYCLOAK_PORT:-18180}"
KC_MANAGEMENT_PORT="${BENCH_KEYCLOAK_MANAGEMENT_PORT:-18190}"
KC_DB="${BENCH_KEYCLOAK_DB_NAME:-keycloak_bench}"
# Three times authflux's warm-up per path: on two cores Keycloak's JIT takes minutes (a fresh
# Keycloak's userinfo went from ~900/s in its first 30 s to ~3,400/s after three minutes), and the
# anchor was measured warm.
KC_WARMUP="${BENCH_KEYCLOAK_WARMUP:-$((3 * ${WARMUP//[!0-9]/}))}"
KC_DIR="$ROOT/.run/keycloak"
KC_HOME="$KC_DIR/keycloak-$KC_VERSION"
KC_BUILD_OPTIONS="--db=postgres --health-enabled=true"
KC_OIDC="/realms/bench/protocol/openid-connect"
KC_SCRIPT_PID=""
KC_ADMIN_PASSWORD=""
KC_CLIENT_SECRET=""
KC_RESOURCE_SECRET=""

# Whether Keycloak can be measured here; if not, says why in R[kc.skipped] and fails.
keycloak_usable() {
	local major
	if [ "$KC_ENABLED" != 1 ]; then
		R[kc.skipped]="BENCH_KEYCLOAK=$KC_ENABLED"
		return 1
	fi
	major="$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
	if [ "${major:-0}" -lt 21 ]; then
		R[kc.skipped]="Keycloak $KC_VERSION needs Java 21 or newer; the bench's java is $major"
		return 1
	fi
	if port_in_use "$KC_PORT" || port_in_use "$KC_MANAGEMENT_PORT"; then
		R[kc.skipped]="port $KC_PORT or $KC_MANAGEMENT_PORT is in use (BENCH_KEYCLOAK_PORT, BENCH_KEYCLOAK_MANAGEMENT_PORT)"
		return 1
	fi
	[[ "$KC_DB" =~ ^[a-z_][a-z0-9_]*$ ]] || die "BENCH_KEYCLOAK_DB_NAME must match [a-z_][a-z0-9_]*"
	is_uint "$KC_WARMUP" || die "BENCH_KEYCLOAK_WARMUP must be a whole number (got '$KC_WARMUP')"
}

# The distribution, once: the zip through the Maven wrapper (Maven Central), unpacked, and built
# for PostgreSQL. Fails (with R[kc.skipped]) if it cannot be fetched, e.g. offline.
keycloak_install() {
	local zip="$KC_DIR/keycloak-quarkus-dist-$KC_VERSION.zip" marker="$KC_HOME/.bench-build"
	mkdir -p "$KC_DIR"
	if [ ! -x "$KC_HOME/bin/kc.sh" ]; then
		if [ ! -f "$zip" ]; then
			log "fetching Keycloak $KC_VERSION (org.keycloak:keycloak-quarkus-dist, ~170 MB) from Maven Central"
			"$ROOT/mvnw" -q -B -N -f "$ROOT/pom.xml" dependency:copy \
				-Dartifact="org.keycloak:keycloak-quarkus-dist:$KC_VERSION:zip" -DoutputDirectory="$KC_DIR" >&2 || {
				R[kc.skipped]="could not fetch org.keycloak:keycloak-quarkus-dist:$KC_VERSION:zip"
				return 1
			}
		fi
		log "unpacking Keycloak into ${KC_DIR#"$ROOT"/}"
		if command -v unzip >/dev/null 2>&1; then
			unzip -q -o "$zip" -d "$KC_DIR"
		else # the JDK's jar tool, which keeps no file modes
			(cd "$KC_DIR" && "$(dirname "$JAVA")/jar" xf "$zip") && chmod +x "$KC_HOME"/bin/*.sh
		fi
	fi
	if [ "$(cat "$marker" 2>/dev/null)" != "$KC_BUILD_OPTIONS" ]; then
		log "building Keycloak for PostgreSQL (kc.sh build $KC_BUILD_OPTIONS, about 30 s, once)"
		# shellcheck disable=SC2086 # the options are words
		JAVA_HOME="$(keycloak_java_home)" "$KC_HOME/bin/kc.sh" build $KC_BUILD_OPTIONS >"$WORK/keycloak-build.log" 2>&1 || {
			tail -n 20 "$WORK/keycloak-build.log" >&2
			die "kc.sh build failed (log: ${WORK#"$ROOT"/}/keycloak-build.log)"
		}
		echo "$KC_BUILD_OPTIONS" >"$marker"
	fi
}

keycloak_java_home() { dirname "$(dirname "$(readlink -f "$JAVA")")"; }

# keycloak_start LABEL: launches Keycloak and records R[start.kc-LABEL.ms], launch to the first 200
# of its readiness check. SERVICE_PID becomes Keycloak's JVM (kc.sh is its parent), so that the
# CPU accounting and record_memory see Keycloak.
keycloak_start() {
	local label="kc-$1" log_file="$WORK/keycloak-$1.log" started java_pid=""
	log "starting Keycloak $KC_VERSION ($1) on port $KC_PORT with $JAVA"
	started="$EPOCHREALTIME"
	(
		export JAVA_HOME
		JAVA_HOME="$(keycloak_java_home)"
		export KC_DB_URL="jdbc:postgresql://$DB_HOST:$DB_PORT/$KC_DB" KC_DB_USERNAME="$DB_USER" \
			KC_DB_PASSWORD="$DB_PASSWORD" KC_HTTP_ENABLED=true KC_HTTP_HOST=127.0.0.1 KC_HTTP_PORT="$KC_PORT" \
			KC_HTTP_MANAGEMENT_PORT="$KC_MANAGEMENT_PORT" KC_HOSTNAME_STRICT=false KC_CACHE=local \
			KC_BOOTSTRAP_ADMIN_USERNAME=bench-admin KC_BOOTSTRAP_ADMIN_PASSWORD="$KC_ADMIN_PASSWORD"
		exec "$KC_HOME/bin/kc.sh" start --optimized
	) >"$log_file" 2>&1 </dev/null &
	KC_SCRIPT_PID=$!
	await_ready "$label" "$KC_SCRIPT_PID" "$log_file" "$KC_MANAGEMENT_PORT" /health/ready "$started"
	java_pid="$(pgrep -P "$KC_SCRIPT_PID" java | head -n 1)" || true
	[ -n "$java_pid" ] || die "Keycloak is ready but its JVM (a child of kc.sh, pid $KC_SCRIPT_PID) was not found"
	SERVICE_PID="$java_pid"
}

# TERM to kc.sh, which passes it on to the JVM and waits for it.
keycloak_stop() {
	local pid="$KC_SCRIPT_PID"
	SERVICE_PID="$pid"
	KC_SCRIPT_PID=""
	stop_service
}

# kc_request PATH CURL-ARGS...: a request to Keycloak; prints the body, fails on a non-2xx answer.
kc_request() {
	local path="$1"
	shift
	curl -sf --max-time 120 "$@" "http://127.0.0.1:$KC_PORT$path"
}

# The realm, in one document: the bench's users (same names and passwords as authflux's), the
# two clients and the audience mapper.
keycloak_realm_json() {
	local users
	users="$(awk '{ printf "%s{\"username\":\"%s\",\"enabled\":true,\"email\":\"%s@bench.example\",\"emailVerified\":true,\"firstName\":\"Bench\",\"lastName\":\"User\",\"credentials\":[{\"type\":\"password\",\"value\":\"%s\",\"temporary\":false}]}", (NR > 1 ? "," : ""), $1, $1, $2 }' "$WORK/users.txt")"
	cat <<JSON
{"realm":"bench","enabled":true,"accessTokenLifespan":21600,"ssoSessionIdleTimeout":21600,"ssoSessionMaxLifespan":36000,
 "clients":[
  {"clientId":"bench-client","enabled":true,"publicClient":false,"secret":"$KC_CLIENT_SECRET",
   "directAccessGrantsEnabled":true,"standardFlowEnabled":false,
   "protocolMappers":[{"name":"resource-server-audience","protocol":"openid-connect","protocolMapper":"oidc-audience-mapper",
     "config":{"included.client.audience":"bench-resource-server","access.token.claim":"true","id.token.claim":"false","introspection.token.claim":"true"}}]},
  {"clientId":"bench-resource-server","enabled":true,"publicClient":false,"secret":"$KC_RESOURCE_SECRET",
   "directAccessGrantsEnabled":false,"standardFlowEnabled":false}],
 "users":[$users]}
JSON
}

keycloak_configure() {
	local answer token
	answer="$(kc_request /realms/master/protocol/openid-connect/token -d grant_type=password -d client_id=admin-cli \
		-d username=bench-admin --data-urlencode "password=$KC_ADMIN_PASSWORD")" || die "Keycloak: no admin token"
	token="$(sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p' <<<"$answer")"
	log "Keycloak: creating realm bench with $USERS users"
	keycloak_realm_json >"$WORK/keycloak-realm.json"
	kc_request /admin/realms -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
		--data-binary "@$WORK/keycloak-realm.json" >/dev/null || die "Keycloak: creating the realm failed"
}

# As many sessions as authflux got, through the password grant (seed_login with
# $BENCH_LOGIN_FORM, set by measure_keycloak).
keycloak_seed() {
	local started
	started="$(date +%s)"
	seed_sessions "http://127.0.0.1:$KC_PORT$KC_OIDC/token" kc-
	R[kc.seed.seconds]=$(($(date +%s) - started))
}

keycloak_check_seed() {
	local token
	token="$(head -n 1 "$WORK/kc-access.txt")"
	kc_request "$KC_OIDC/userinfo" -H "Authorization: Bearer $token" >/dev/null ||
		die "Keycloak: userinfo with a seeded token failed"
	kc_request "$KC_OIDC/token/introspect" -H "Authorization: $BENCH_BASIC_AUTH" --data-urlencode "token=$token" |
		grep -q '"active":true' || die "Keycloak: introspection of a seeded token is not active"
}

# The whole Keycloak round: a fresh start on an empty database, the realm, the sessions, the same
# paths as authflux's at the same connection counts, memory after the load, and a restart.
measure_keycloak() {
	keycloak_usable && keycloak_install || {
		log "Keycloak is not measured: ${R[kc.skipped]}; the report uses the issue's anchor figures"
		return 0
	}
	KC_ADMIN_PASSWORD="$(random_hex 18)" KC_CLIENT_SECRET="$(random_hex 18)" KC_RESOURCE_SECRET="$(random_hex 18)"
	recreate_database "$KC_DB"

	keycloak_start fresh
	keycloak_configure
	# The Lua scripts' settings for Keycloak's endpoints (see login.lua, refresh.lua).
	export BENCH_LOGIN_FORM="grant_type=password&scope=openid&client_id=bench-client&client_secret=$KC_CLIENT_SECRET"
	export BENCH_REFRESH_FORM="grant_type=refresh_token&client_id=bench-client&client_secret=$KC_CLIENT_SECRET"
	export BENCH_TOKEN_FILE="$WORK/kc-access.txt" BENCH_REFRESH_FILE="$WORK/kc-refresh.txt"
	export BENCH_BASIC_AUTH="Basic $(printf 'bench-resource-server:%s' "$KC_RESOURCE_SECRET" | base64 -w0)"
	keycloak_seed
	keycloak_check_seed
	BASE_URL="http://127.0.0.1:$KC_PORT"
	local WARMUP="$KC_WARMUP" # measure_path's warm-up, for Keycloak's paths only
	SESSIONS_DB="$KC_DB" SESSIONS_SQL="SELECT count(*) FROM offline_user_session WHERE offline_flag = '0'"

	measure_path kc-userinfo kc-userinfo "Keycloak: GET …/userinfo" bearer.lua "$KC_OIDC/userinfo" "$CONNS"
	measure_path kc-introspect kc-introspect "Keycloak: POST …/token/introspect" introspect.lua "$KC_OIDC/token/introspect" "$CONNS"
	measure_path kc-refresh kc-refresh "Keycloak: POST …/token (refresh_token grant)" refresh.lua "$KC_OIDC/token" "$CONNS"
	measure_path kc-login kc-login "Keycloak: POST …/token (password grant)" login.lua "$KC_OIDC/token" "$LOGIN_CONNS"

	record_memory kc
	keycloak_stop
	keycloak_start restart
	keycloak_stop
	R[kc.measured]=1
}
