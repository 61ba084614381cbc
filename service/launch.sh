#!/usr/bin/env bash
# Sourced by service/run-local.sh and bench/ladder/run.sh, and by bench/bench.py for port_in_use and
# pick_java: how this machine builds and runs the authflux jar.
#
#   port_in_use PORT          whether something listens on PORT (from scripts/lib.sh)
#   jar_is_stale JAR          whether JAR is missing or older than any source, migration or pom
#   build_jar JAR             builds it (tests skipped: `make test` runs them)
#   pick_java                 prints the java to use: $JAVA_HOME/bin/java, else the highest JDK 25
#                             under /usr/lib/jvm, else java on PATH
#   prepare_launch JAVA JAR   sets LAUNCH_ARGS to the JVM options (service/jvm.options, the optimized
#                             argon2 built by service/native/build-argon2.sh, and on
#                             Java 25+ an AOT cache, JEP 483/514) and LAUNCH_JAR to the jar to run
#                             with them: on Java 25+ the extracted jar, which roughly halves start-up (docs/performance.md).
#                             The cache is made once per build by a training start that serves a few
#                             read-only requests and stops; it needs the same AUTHFLUX_DB_* as the
#                             real start (Flyway and the signing keys run during refresh) and curl.
# Kept compatible with bash 3.2 (macOS). The caller defines die().

LAUNCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
LAUNCH_APP_DIR="$LAUNCH_ROOT/.run/app"
LAUNCH_TRAINING_LOG="$LAUNCH_ROOT/.run/aot-training.log"

# port_in_use (and the other shared helpers)
. "$LAUNCH_ROOT/scripts/lib.sh"

jar_is_stale() {
	[ -f "$1" ] || return 0
	local newer
	newer="$(cd "$LAUNCH_ROOT" && find service/src db/migration pom.xml service/pom.xml -type f -newer "$1" 2>/dev/null | head -n 1)"
	[ -n "$newer" ]
}

build_jar() {
	(cd "$LAUNCH_ROOT" && ./mvnw -B -q -pl service -DskipTests -Dspring-javaformat.skip=true -Djacoco.skip=true package) ||
		die "the build failed"
	[ -f "$1" ] || die "the build finished but $1 is missing"
}

pick_java() {
	local j
	if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
		echo "$JAVA_HOME/bin/java"
		return 0
	fi
	for j in $(printf '%s\n' /usr/lib/jvm/*25*/bin/java | sort -rV); do
		if [ -x "$j" ]; then
			echo "$j"
			return 0
		fi
	done
	command -v java 2>/dev/null || die "no java found: install a JDK (17 or newer) or set JAVA_HOME"
}

# The feature release of a java binary (17, 25, ...).
java_release() {
	"$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n 1
}

# prepare_launch JAVA JAR [EXTRA_JVM_OPTIONS...]: the extra options are the caller's own (they go
# after LAUNCH_ARGS); the AOT cache is made with them too, since a cache made with another heap
# size refuses to load and the JVM then does not start at all.
prepare_launch() {
	local java="$1" jar="$2" release stamp
	shift 2
	# The native argon2 mallocs a hash's memory (7 MiB by default) on each hash thread; glibc keeps
	# freed memory in per-thread arenas (up to 8 per core). One arena for all threads: ~30 MiB less
	# resident memory after a login storm than with two (measured with 19 MiB hashes), and no
	# measurable contention (a hash mallocs once) (docs/performance.md). Not a JVM option, so it is
	# set here and in the Dockerfile.
	export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-1}"
	LAUNCH_ARGS=("@$LAUNCH_ROOT/service/jvm.options")
	# argon2's optimized build hashes two to three times as fast as the reference build argon2-jvm
	# would load (user/NativeArgon2); where it cannot be built, the script and the service say so
	# and the service hashes with the reference build.
	"$LAUNCH_ROOT/service/native/build-argon2.sh" || true
	LAUNCH_ARGS+=("-Dauthflux.argon2.library-dir=$LAUNCH_ROOT/.run/native/argon2")
	release="$(java_release "$java")"
	case "$release" in '' | *[!0-9]*) release=0 ;; esac
	if [ "$release" -lt 25 ] || [ "${AUTHFLUX_AOT_CACHE:-yes}" = no ]; then
		LAUNCH_JAR="$jar"
		return 0
	fi
	# What the cache was made from: the jar, the java, the options.
	stamp="$(cksum <"$jar") $java $(cksum <"$LAUNCH_ROOT/service/jvm.options") $*"
	if [ ! -f "$LAUNCH_APP_DIR/app.aot" ] || [ "$(cat "$LAUNCH_APP_DIR/stamp" 2>/dev/null)" != "$stamp" ]; then
		if make_aot_cache "$java" "$jar" ${1+"$@"}; then
			echo "$stamp" >"$LAUNCH_APP_DIR/stamp"
		else
			echo "Could not make the AOT cache (see .run/aot-training.log); starting without it" >&2
			LAUNCH_JAR="$jar"
			return 0
		fi
	fi
	LAUNCH_ARGS+=("-XX:AOTCache=$LAUNCH_APP_DIR/app.aot")
	LAUNCH_JAR="$LAUNCH_APP_DIR/authflux.jar"
}

# An AOT cache needs plain jars on the class path, not Spring Boot's nested ones: extract first.
# The training start runs the service for real (port chosen by the OS), sends it a few read-only
# requests so that the cache holds the classes of the request path too, not only of start-up
# (measured: ready ~0.4 s sooner than a cache made by stopping once the context is refreshed), and
# stops it with SIGTERM: the JVM writes the cache as it exits.
make_aot_cache() {
	local java="$1" jar="$2" pid port="" tries=0 round
	shift 2
	echo "Making the AOT cache for $(basename "$jar") (once per build, about 30 s) ..."
	rm -rf "$LAUNCH_APP_DIR"
	mkdir -p "$(dirname "$LAUNCH_APP_DIR")"
	"$java" -Djarmode=tools -jar "$jar" extract --destination "$LAUNCH_APP_DIR" >"$LAUNCH_TRAINING_LOG" 2>&1 ||
		return 1
	"$java" "${LAUNCH_ARGS[@]}" ${1+"$@"} "-XX:AOTCacheOutput=$LAUNCH_APP_DIR/app.aot" \
		-jar "$LAUNCH_APP_DIR/authflux.jar" --server.port=0 --management.server.port=0 >>"$LAUNCH_TRAINING_LOG" 2>&1 </dev/null &
	pid=$!
	while [ "$(training_get "$port" /readyz)" != 200 ]; do
		tries=$((tries + 1))
		if ! kill -0 "$pid" 2>/dev/null || [ "$tries" -gt 600 ]; then
			kill "$pid" 2>/dev/null
			wait "$pid" 2>/dev/null
			return 1
		fi
		sleep 0.2
		port="$(sed -n 's/.*Netty started on port \([0-9][0-9]*\).*/\1/p' "$LAUNCH_TRAINING_LOG" | head -n 1)"
	done
	for round in 1 2 3 4 5 6 7 8 9 10; do
		training_get "$port" /readyz >/dev/null
		training_get "$port" /.well-known/jwks.json >/dev/null
		training_get "$port" /api/v1/users/me -H 'Authorization: Bearer not-a-token' >/dev/null
		training_get "$port" /api/v1/users -H 'Content-Type: application/json' --data '{}' >/dev/null
	done
	kill -TERM "$pid"
	wait "$pid" 2>/dev/null
	[ -f "$LAUNCH_APP_DIR/app.aot" ]
}

# training_get PORT PATH [CURL_OPTIONS...]: the status code of one request to the training start.
training_get() {
	local port="$1" path="$2"
	shift 2
	[ -n "$port" ] || return 0
	curl -s -o /dev/null -w '%{http_code}' --max-time 5 ${1+"$@"} "http://127.0.0.1:$port$path" 2>/dev/null || true
}
