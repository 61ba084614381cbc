#!/usr/bin/env bash
# `make bench`: the entry point; the bench itself is bench/bench.py (see bench/README.md).
# Arguments go to it: bench/run.sh run --quick, bench/run.sh report bench/results/<run>.json
exec python3 "$(dirname "$0")/bench.py" "$@"
