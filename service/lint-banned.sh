#!/usr/bin/env bash
# Fails if production code (service/src/main/java) uses a banned pattern; prints each offending line.
# Used by `make run-lint`.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
SRC="service/src/main/java"
cd "$ROOT"

if [ ! -d "$SRC" ]; then
	echo "lint-banned: $SRC not found; nothing to check"
	exit 0
fi

# pattern (grep -E) | why
BANNED="
\\.block\\(|blocking call in reactive code
\\.blockFirst\\(|blocking call in reactive code
\\.blockLast\\(|blocking call in reactive code
\\.blockOptional\\(|blocking call in reactive code
System\\.out|use a logger
System\\.err|use a logger
printStackTrace\\(|use a logger
Thread\\.sleep\\(|blocks a thread; use Mono.delay or a Clock
toLowerCase\\(\\)|locale-dependent; use toLowerCase(Locale.ROOT)
toUpperCase\\(\\)|locale-dependent; use toUpperCase(Locale.ROOT)
"

found=0
while IFS='|' read -r pattern why; do
	[ -n "$pattern" ] || continue
	if hits="$(grep -rnE --include='*.java' -e "$pattern" "$SRC")"; then
		found=1
		while IFS= read -r hit; do
			echo "$hit    <- banned: ${pattern//\\/} ($why)"
		done <<<"$hits"
	fi
done <<<"$BANNED"

if [ "$found" -ne 0 ]; then
	echo "lint-banned: banned patterns found in $SRC (see above)" >&2
	exit 1
fi
echo "lint-banned: OK"
