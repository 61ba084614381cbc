#!/usr/bin/env bash
# Checks the k6 scripts without k6, which cannot be installed on the build machine:
#  1. `node --check` parses every .js file here as an ES module (package.json says
#     "type": "module"; --check does not resolve the k6/... imports, it only parses);
#  2. check-scripts.mjs reads them as text for mistakes node cannot see (missing thresholds or
#     handleSummary, unexported scenario functions, unknown executors, broken or unused imports).
# Exits non-zero, saying what is wrong, if anything fails.
set -euo pipefail

DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"

if ! command -v node >/dev/null 2>&1; then
	echo "check-syntax: node is not installed, so the k6 scripts cannot be checked." >&2
	echo "check-syntax: install Node.js 18 or newer (Debian/Ubuntu: apt-get install nodejs) and run again." >&2
	exit 1
fi

status=0
count=0
while IFS= read -r -d '' file; do
	count=$((count + 1))
	if ! node --check "$file"; then
		echo "check-syntax: ${file#"$DIR"/} does not parse (error above)" >&2
		status=1
	fi
done < <(find "$DIR" -name '*.js' -not -path '*/node_modules/*' -not -path '*/results/*' -print0 | sort -z)

if [ "$count" -eq 0 ]; then
	echo "check-syntax: no .js files under $DIR" >&2
	exit 1
fi

node "$DIR/check-scripts.mjs" || status=1

if [ "$status" -eq 0 ]; then
	echo "check-syntax: OK ($count files parsed)"
else
	echo "check-syntax: FAILED" >&2
fi
exit "$status"
