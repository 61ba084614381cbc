#!/usr/bin/env bash
# Builds argon2's optimized C implementation for the service (docs/performance.md, "Decision log").
#
#   service/native/build-argon2.sh [OUT_DIR]      (default: .run/native/argon2)
#
# argon2-jvm bundles, and Debian packages, argon2's portable *reference* build (src/ref.c): scalar
# code, ~36-38 ms per default hash (7 MiB x 5 passes) on the build machine. The same library's
# optimized build (src/opt.c, SIMD) computes the same hashes in ~13 ms with AVX2 and ~24 ms with
# the SSE2 every x86-64 CPU has. Two builds go to OUT_DIR, avx2/libargon2.so and
# generic/libargon2.so; the service picks the one this CPU can run (user/NativeArgon2) and
# otherwise falls back to the reference build, so nothing breaks where this script cannot run.
#
# The sources are argon2's own (phc-winner-argon2, CC0 / Apache 2.0), as shipped in the argon2
# package on npm (its argon2/ directory): the one registry holding them that every machine
# building this project reaches. The tarball is checked against a pinned SHA-256 before use.
#
# Linux on x86-64 only, with a C compiler (cc) and curl; anywhere else or on any failure it says
# that the reference build will be used and exits non-zero, building nothing (callers go on).
# Rebuilds only when this script changes.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
OUT="${1:-$ROOT/.run/native/argon2}"

SOURCE_URL="${ARGON2_SOURCE_URL:-https://registry.npmjs.org/argon2/-/argon2-0.45.1.tgz}"
SOURCE_SHA256=4acffbd5e5a87fe8fad926afc9a9ac450d69b7082686dd2836be0d8309dbd8aa

# The variants: directory name and the compiler's target flags. opt.c picks its code path from
# what the compiler may use (__AVX2__, __SSSE3__, else SSE2); nothing else here needs AVX2, so the
# avx2 build runs on any CPU with that one flag (NativeArgon2 checks /proc/cpuinfo).
VARIANTS="avx2:-march=x86-64 -mtune=generic -mavx2
generic:-march=x86-64 -mtune=generic"

# argon2's own Makefile flags for its shared library; only the exported API stays visible.
CFLAGS="-std=c89 -O3 -Wall -pthread -fPIC -fvisibility=hidden -DA2_VISCTL=1 -D_FORTIFY_SOURCE=2"

say() { echo "argon2: $*" >&2; }
work=""
# Every exit cleans up, and every failure, expected or not (set -e), ends with what it means.
trap 'status=$?; [ -z "$work" ] || rm -rf "$work"; [ $status -eq 0 ] || say "the service will hash with the reference build"' EXIT

if [ "$(uname -s)" != Linux ] || [ "$(uname -m)" != x86_64 ]; then
	say "optimized build is for Linux on x86-64 only ($(uname -s) $(uname -m) here)"
	exit 1
fi
CC="${CC:-cc}"
command -v "$CC" >/dev/null 2>&1 || { say "no C compiler ($CC)"; exit 1; }
command -v curl >/dev/null 2>&1 || { say "needs curl"; exit 1; }

stamp="$(cksum <"${BASH_SOURCE[0]}")"
if [ "$(cat "$OUT/stamp" 2>/dev/null)" = "$stamp" ]; then
	exit 0
fi

work="$(mktemp -d)"
say "building the optimized argon2 (sources: $SOURCE_URL) ..."
curl -fsSL --retry 2 --max-time 120 -o "$work/src.tgz" "$SOURCE_URL" || { say "download failed"; exit 1; }
actual="$(sha256sum "$work/src.tgz" | cut -d ' ' -f 1)"
if [ "$actual" != "$SOURCE_SHA256" ]; then
	say "checksum mismatch for $SOURCE_URL: $actual, expected $SOURCE_SHA256; not building"
	exit 1
fi
tar -xzf "$work/src.tgz" -C "$work" package/argon2
src="$work/package/argon2"

rm -rf "$OUT"
mkdir -p "$OUT"
cp "$src/LICENSE" "$OUT/LICENSE"
while IFS=: read -r name target; do
	mkdir -p "$OUT/$name"
	# shellcheck disable=SC2086 # the flags are meant to split
	"$CC" $CFLAGS $target -shared -Wl,-soname,libargon2.so.1 -I"$src/include" -I"$src/src" \
		"$src/src/argon2.c" "$src/src/core.c" "$src/src/blake2/blake2b.c" "$src/src/thread.c" \
		"$src/src/encoding.c" "$src/src/opt.c" -o "$OUT/$name/libargon2.so" ||
		{ say "compiling the $name build failed"; rm -rf "$OUT"; exit 1; }
done <<<"$VARIANTS"
echo "$stamp" >"$OUT/stamp"
say "built $OUT/{avx2,generic}/libargon2.so"
