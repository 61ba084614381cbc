#!/usr/bin/env bash
# Runs the authflux jar on this machine, without Docker (used by `make run` / `make stop`).
#
#   service/run-local.sh start   build the jar if stale, start it in the background, wait for readiness
#   service/run-local.sh stop    stop it (no error if it is not running)
#
# AUTHFLUX_RUN_DIR (default .run) holds the pid, port and log files and secrets.env, so that
# `make bench` and the db-restart test run their own instance beside the one of `make run`.
# `start` needs AUTHFLUX_DB_HOST/PORT/NAME/USER/PASSWORD in the environment (`make run` sets them
# from db/local-postgres.sh env). Values in .run/secrets.env fill in whatever is not already set.
# PORT (default 8080) is the HTTP port; JVM options are in service/jvm.options, and
# AUTHFLUX_JAVA_OPTS adds to or overrides them (it comes later); AUTHFLUX_AOT_CACHE=no starts
# without the AOT cache;
# AUTHFLUX_START_TIMEOUT (default 90) is how many seconds to wait for readiness.
# Kept compatible with bash 3.2 (macOS).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
LIB_NAME=run-local
# RUN_DIR (AUTHFLUX_RUN_DIR), SECRETS_FILE, die, port_in_use, load_secrets
. "$ROOT/scripts/lib.sh"
JAR="$ROOT/service/target/authflux.jar"
PID_FILE="$RUN_DIR/service.pid"
PORT_FILE="$RUN_DIR/service.port"
LOG_FILE="$RUN_DIR/service.log"

# jar_is_stale, build_jar, pick_java, prepare_launch (JVM options, AOT cache)
. "$ROOT/service/launch.sh"

# ---------------------------------------------------------------------------------------------

# PID from the pid file if that process is alive and is our jar.
running_pid() {
	local pid
	[ -f "$PID_FILE" ] || return 1
	pid="$(cat "$PID_FILE")"
	case "$pid" in '' | *[!0-9]*) return 1 ;; esac
	kill -0 "$pid" 2>/dev/null || return 1
	# Guard against a recycled pid.
	ps -p "$pid" -o args= 2>/dev/null | grep -q 'authflux\.jar' || return 1
	echo "$pid"
}

readiness_status() { # prints the HTTP status code (000 if no answer)
	curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://localhost:$1/readyz" 2>/dev/null || true
}

show_log_tail() {
	echo "---- last 40 lines of .run/service.log ----" >&2
	tail -n 40 "$LOG_FILE" >&2 2>/dev/null || true
	echo "-------------------------------------------" >&2
}

# ---------------------------------------------------------------------------------------------

cmd_start() {
	local port="${PORT:-8080}" pid java timeout waited code var
	mkdir -p "$RUN_DIR"

	if pid="$(running_pid)"; then
		echo "authflux is already running (pid $pid) at http://localhost:$(cat "$PORT_FILE" 2>/dev/null || echo "$port")"
		return 0
	fi
	rm -f "$PID_FILE"

	load_secrets
	for var in AUTHFLUX_DB_HOST AUTHFLUX_DB_PORT AUTHFLUX_DB_NAME AUTHFLUX_DB_USER AUTHFLUX_DB_PASSWORD; do
		if [ -z "${!var:-}" ]; then
			die "$var is not set: use 'make run', or eval \"\$(db/local-postgres.sh env)\" first, or export AUTHFLUX_DB_HOST/PORT/NAME/USER/PASSWORD for your own PostgreSQL"
		fi
	done

	case "$port" in '' | *[!0-9]*) die "PORT must be a number (got '$port')" ;; esac
	if port_in_use "$port"; then
		die "port $port is already in use by another process; pick another one, e.g.: PORT=8081 make run"
	fi
	if port_in_use "${AUTHFLUX_MANAGEMENT_PORT:-9090}"; then
		die "management port ${AUTHFLUX_MANAGEMENT_PORT:-9090} is already in use by another process; pick another one, e.g.: AUTHFLUX_MANAGEMENT_PORT=9091 make run"
	fi

	command -v curl >/dev/null 2>&1 || die "curl is needed to wait for readiness; please install it"
	java="$(pick_java)"
	echo "Using java: $java"

	if jar_is_stale "$JAR"; then
		echo "Building service/target/authflux.jar ..."
		build_jar "$JAR"
	fi

	# Without an SMTP server, mails become .eml files here (the service logs the directory too).
	export AUTHFLUX_MAIL_DIRECTORY="${AUTHFLUX_MAIL_DIRECTORY:-$RUN_DIR/mail}"

	local -a opts=()
	if [ -n "${AUTHFLUX_JAVA_OPTS:-}" ]; then read -r -a opts <<<"$AUTHFLUX_JAVA_OPTS"; fi
	prepare_launch "$java" "$JAR" ${opts[@]+"${opts[@]}"}

	: >"$LOG_FILE"
	cd "$ROOT"
	if command -v setsid >/dev/null 2>&1; then
		# New session: the service survives the calling shell (make) and its terminal.
		SERVER_PORT="$port" nohup setsid "$java" "${LAUNCH_ARGS[@]}" ${opts[@]+"${opts[@]}"} -jar "$LAUNCH_JAR" --server.port="$port" \
			>>"$LOG_FILE" 2>&1 </dev/null &
	else
		SERVER_PORT="$port" nohup "$java" "${LAUNCH_ARGS[@]}" ${opts[@]+"${opts[@]}"} -jar "$LAUNCH_JAR" --server.port="$port" \
			>>"$LOG_FILE" 2>&1 </dev/null &
	fi
	pid=$!
	echo "$pid" >"$PID_FILE"
	echo "$port" >"$PORT_FILE"
	echo "Starting authflux (pid $pid, log .run/service.log) ..."

	timeout="${AUTHFLUX_START_TIMEOUT:-90}"
	waited=0
	while :; do
		if ! kill -0 "$pid" 2>/dev/null; then
			rm -f "$PID_FILE" "$PORT_FILE"
			show_log_tail
			die "authflux exited during start-up"
		fi
		code="$(readiness_status "$port")"
		if [ "$code" = 200 ]; then break; fi
		if [ "$waited" -ge "$timeout" ]; then
			show_log_tail
			stop_pid "$pid" >/dev/null
			rm -f "$PID_FILE" "$PORT_FILE"
			die "authflux was not ready after ${timeout}s (last readiness status: $code); stopped it"
		fi
		sleep 1
		waited=$((waited + 1))
	done
	echo "authflux is up at http://localhost:$port (metrics: http://localhost:${AUTHFLUX_MANAGEMENT_PORT:-9090}/actuator/prometheus)"
	if [ -n "${AUTHFLUX_MAIL_HOST:-}" ]; then
		echo "Mail goes to the SMTP server at $AUTHFLUX_MAIL_HOST:${AUTHFLUX_MAIL_PORT:-25}"
	else
		echo "Mail is written as .eml files to $AUTHFLUX_MAIL_DIRECTORY (set AUTHFLUX_MAIL_HOST to send it over SMTP)"
	fi
}

# TERM, wait up to 20 s, then KILL.
stop_pid() {
	local pid="$1" i=0
	kill -TERM "$pid" 2>/dev/null || return 0
	while kill -0 "$pid" 2>/dev/null; do
		if [ "$i" -ge 20 ]; then
			echo "authflux did not stop within 20s; killing it"
			kill -KILL "$pid" 2>/dev/null || true
			break
		fi
		sleep 1
		i=$((i + 1))
	done
}

cmd_stop() {
	local pid
	if pid="$(running_pid)"; then
		stop_pid "$pid"
		echo "authflux stopped"
	fi
	rm -f "$PID_FILE" "$PORT_FILE"
}

case "${1:-}" in
start) cmd_start ;;
stop) cmd_stop ;;
*)
	echo "usage: $0 {start|stop}" >&2
	exit 2
	;;
esac
