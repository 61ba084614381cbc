#!/usr/bin/env bash
# The floor ladder: how many trivial requests/s each layer of the stack leaves, from bare
# Reactor Netty up to the service itself (docs/performance.md, "Where the floor goes").
# Each rung: start, 25 s warm-up, two 15 s runs of wrk -t2 -c64; ROUNDS rounds, rungs
# alternating, so drifts of the machine hit every rung alike. Needs wrk and a JDK (the
# one `make run` picks); builds the jar if stale; the service rung runs against the
# project-private PostgreSQL (db/local-postgres.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
die() { echo "bench/ladder/run.sh: $*" >&2; exit 1; }
. service/launch.sh
ROUNDS=${ROUNDS:-1}
JAR=service/target/authflux.jar
if jar_is_stale "$JAR"; then build_jar "$JAR"; fi
JAVA=$(pick_java)
JAVAC=$(dirname "$(readlink -f "$JAVA")")/javac
PORT=18200
OUT=.run/ladder
mkdir -p "$OUT/classes"

./mvnw -q -B -pl service dependency:build-classpath -Dmdep.outputFile="$PWD/$OUT/classpath.txt" >/dev/null
CP="service/target/classes:$(cat "$OUT/classpath.txt")"
"$JAVAC" -nowarn -cp "$CP" -d "$OUT/classes" bench/ladder/FloorLadder.java

measure() { # url -> "requests/s p99"
	wrk -t2 -c64 -d15s --latency "$1" | awk '/Requests\/sec/{r=$2} / 99%/{p=$2} END{printf "%d/s p99 %s  ", r, p}'
}

rung() { # name url command...
	local name=$1 url=$2; shift 2
	"$@" >"$OUT/$name.log" 2>&1 &
	local pid=$!
	for _ in $(seq 300); do curl -sf -o /dev/null "$url" && break; sleep 0.2; done
	curl -sf -o /dev/null "$url" || { echo "$name did not start: $OUT/$name.log" >&2; kill $pid; exit 1; }
	wrk -t2 -c64 -d25s "$url" >/dev/null
	printf '%-11s %s%s\n' "$name" "$(measure "$url")" "$(measure "$url")"
	kill $pid; wait $pid 2>/dev/null || true
}

db/local-postgres.sh start >/dev/null
eval "$(db/local-postgres.sh env)"
for round in $(seq "$ROUNDS"); do
	echo "round $round"
	for name in netty router dispatcher filters; do
		rung "$name" "http://127.0.0.1:$PORT/floor" "$JAVA" @service/jvm.options -cp "$OUT/classes:$CP" FloorLadder "$name" "$PORT"
	done
	rung service "http://127.0.0.1:$PORT/livez" env AUTHFLUX_INTROSPECTION_CLIENT_SECRET=ladder \
		"$JAVA" @service/jvm.options -jar "$JAR" --server.port=$PORT
done
