#!/usr/bin/env bash
# `make test MAVEN_ARGS...`: the k6 scripts' syntax, the Java suite (scripts/verify.sh, with the
# coverage check), and the scripts' own tests (service/src/test/shell). A run that picks its Java
# tests (-Dtest=...) skips the scripts' tests; run one alone as service/src/test/shell/NAME.sh.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$ROOT"

loadtest/check-syntax.sh
scripts/verify.sh "$@"
case " $* " in
*" -Dtest="*) echo "Scripts' tests (service/src/test/shell) skipped: -Dtest picks the tests" ;;
*) for t in service/src/test/shell/*.sh; do "$t"; done ;;
esac
