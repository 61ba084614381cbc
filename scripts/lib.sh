#!/usr/bin/env bash
# Sourced by the project's scripts (scripts/*.sh, db/local-postgres.sh, service/run-local.sh,
# service/launch.sh): the helpers more than one of them needs, kept here once.
#
#   die MESSAGE...            print "$LIB_NAME: MESSAGE" on stderr and exit 1 (unless the caller
#                             defined its own die before sourcing this file)
#   step MESSAGE...           print "==> MESSAGE"
#   port_in_use PORT          whether something listens on TCP PORT on this machine
#   port_has_sockets PORT     whether any TCP socket (listening, connected or TIME-WAIT) has PORT
#                             as its local port
#   free_port FIRST           the first port from FIRST up (200 tried) that no TCP socket uses
#   secret_value KEY          KEY's value in $SECRETS_FILE (default .run/secrets.env); fails if none
#   load_secrets              export the KEY=value lines of $SECRETS_FILE not already set
#   docker_ok                 whether the Docker path should be used (USE_DOCKER=yes|no|auto)
#   compose ARGS...           docker compose with .run/secrets.env as its --env-file
#
# RUN_DIR is .run under the repository unless AUTHFLUX_RUN_DIR names another directory (the
# db-restart test keeps its own cluster, secrets and service there). Kept compatible with bash 3.2.

LIB_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
RUN_DIR="${AUTHFLUX_RUN_DIR:-$LIB_ROOT/.run}"
case "$RUN_DIR" in /*) ;; *) RUN_DIR="$PWD/$RUN_DIR" ;; esac
SECRETS_FILE="${SECRETS_FILE:-$RUN_DIR/secrets.env}"

if ! declare -F die >/dev/null; then
	die() {
		echo "${LIB_NAME:-authflux}: $*" >&2
		exit 1
	}
fi

step() { echo "==> $*"; }

port_in_use() {
	if command -v ss >/dev/null 2>&1; then
		[ -n "$(ss -Hltn "sport = :$1" 2>/dev/null)" ] && return 0
	fi
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

port_has_sockets() {
	if command -v ss >/dev/null 2>&1; then
		[ -n "$(ss -Htan "sport = :$1" 2>/dev/null)" ] && return 0
	fi
	port_in_use "$1"
}

free_port() {
	local p="$1"
	while [ "$p" -lt $(($1 + 200)) ]; do
		if ! port_has_sockets "$p"; then
			echo "$p"
			return 0
		fi
		p=$((p + 1))
	done
	die "no free TCP port in $1-$(($1 + 199)) on 127.0.0.1"
}

# Plain KEY=value lines; surrounding quotes are stripped.
secret_value() {
	local line val
	line="$(grep -E "^$1=" "$SECRETS_FILE" 2>/dev/null | tail -n 1)" || true
	[ -n "$line" ] || return 1
	val="${line#*=}"
	case "$val" in
	\"*\") val="${val#\"}" val="${val%\"}" ;;
	\'*\') val="${val#\'}" val="${val%\'}" ;;
	esac
	printf '%s\n' "$val"
}

load_secrets() {
	local line key val
	[ -f "$SECRETS_FILE" ] || return 0
	while IFS= read -r line || [ -n "$line" ]; do
		case "$line" in '' | '#'*) continue ;; esac
		key="${line%%=*}"
		val="${line#*=}"
		case "$key" in '' | *[!A-Za-z0-9_]*) continue ;; esac
		case "$val" in
		\"*\") val="${val#\"}" val="${val%\"}" ;;
		\'*\') val="${val#\'}" val="${val%\'}" ;;
		esac
		if [ -z "${!key+x}" ]; then export "$key=$val"; fi
	done <"$SECRETS_FILE"
}

docker_ok() {
	case "${USE_DOCKER:-auto}" in
	yes) return 0 ;;
	auto) docker info >/dev/null 2>&1 ;;
	*) return 1 ;;
	esac
}

# docker compose with the generated secrets (docker-compose.yml reads them as variables).
compose() { (cd "$LIB_ROOT" && docker compose --env-file "$SECRETS_FILE" "$@"); }
