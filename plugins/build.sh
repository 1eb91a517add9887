#!/usr/bin/env bash
# Builds the bundled command plugins and the test plugins (plugin ABI v1, see docs/plugin-abi.md).
#
#   plugins/build.sh          builds src/*.c into wasm/, test-src/*.c into test-wasm/, then writes SHA256SUMS.
#   plugins/build.sh --check  rebuilds into a temporary directory and exits 1 if a module differs from the
#                             committed one or SHA256SUMS is stale; exits 2 if clang is missing.
#
# Toolchain: Debian clang and lld, version 14 (apt-get install -y clang lld). The output is reproducible: same
# sources and toolchain give the same bytes. No libc is linked.
set -euo pipefail

cd "$(dirname "$0")"

CLANG="${CLANG:-clang}"
CFLAGS=(--target=wasm32 -O2 -nostdlib -ffreestanding -mbulk-memory -Wall -Wextra -Werror -Iinclude)
LDFLAGS=(-Wl,--no-entry -Wl,--strip-all -Wl,--stack-first -Wl,-z,stack-size=16384)

# Prints the sha256sum lines of every source, this script and every module, sorted by path (LC_ALL=C).
checksums() {
    (
        cd "$1"
        for dir in include src test-src wasm test-wasm; do
            if [ -d "$dir" ]; then
                find "$dir" -type f \( -name '*.c' -o -name '*.h' -o -name '*.wasm' \)
            fi
        done
        echo build.sh
    ) | LC_ALL=C sort | while IFS= read -r path; do
        (cd "$1" && sha256sum -- "$path")
    done
}

# Compiles every source of one directory into another: <src_dir>/NAME.c becomes <out_dir>/NAME.wasm.
build_dir() {
    local src_dir="$1" out_dir="$2" source name
    mkdir -p "$out_dir"
    for source in "$src_dir"/*.c; do
        [ -e "$source" ] || continue
        name="$(basename "$source" .c)"
        "$CLANG" "${CFLAGS[@]}" "${LDFLAGS[@]}" -o "$out_dir/$name.wasm" "$source"
    done
}

# Builds everything into the directory given, which gets wasm/ and test-wasm/.
build_all() {
    local out="$1"
    build_dir src "$out/wasm"
    build_dir test-src "$out/test-wasm"
}

# Exits 2 with a message if the compiler is missing.
require_clang() {
    if ! command -v "$CLANG" >/dev/null 2>&1; then
        echo "build.sh: $CLANG not found; install Debian clang and lld 14 (apt-get install -y clang lld)" >&2
        exit 2
    fi
}

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

if [ "${1:-}" = "--check" ]; then
    failed=0
    checksums . >"$tmp/SHA256SUMS"
    if ! cmp -s "$tmp/SHA256SUMS" SHA256SUMS; then
        echo "build.sh --check: plugins/SHA256SUMS is stale (a source, build.sh or a module changed); run plugins/build.sh" >&2
        diff -u SHA256SUMS "$tmp/SHA256SUMS" >&2 || true
        failed=1
    fi
    if ! command -v "$CLANG" >/dev/null 2>&1; then
        echo "build.sh --check: $CLANG not found, cannot rebuild the modules; install Debian clang and lld 14 (apt-get install -y clang lld)" >&2
        exit $((failed ? 1 : 2))
    fi
    build_all "$tmp/out"
    for dir in wasm test-wasm; do
        names="$( (ls "$tmp/out/$dir"; ls "$dir" 2>/dev/null) | grep '\.wasm$' | LC_ALL=C sort -u || true)"
        for name in $names; do
            rel="$dir/$name"
            if [ ! -e "$rel" ]; then
                echo "build.sh --check: plugins/$rel is missing; run plugins/build.sh" >&2
                failed=1
            elif [ ! -e "$tmp/out/$rel" ]; then
                echo "build.sh --check: plugins/$rel has no source; delete it or run plugins/build.sh" >&2
                failed=1
            elif ! cmp -s "$tmp/out/$rel" "$rel"; then
                echo "build.sh --check: plugins/$rel differs from a fresh build with $("$CLANG" --version | head -n 1); run plugins/build.sh" >&2
                failed=1
            fi
        done
    done
    if [ "$failed" -ne 0 ]; then
        exit 1
    fi
    echo "build.sh --check: modules and SHA256SUMS are up to date"
    exit 0
fi

if [ $# -ne 0 ]; then
    echo "usage: plugins/build.sh [--check]" >&2
    exit 2
fi

require_clang
build_all "$tmp/out"
for dir in wasm test-wasm; do
    mkdir -p "$dir"
    rm -f "$dir"/*.wasm
    cp "$tmp/out/$dir"/*.wasm "$dir"/
    chmod 644 "$dir"/*.wasm
done
checksums . >SHA256SUMS
echo "build.sh: built $(ls wasm | wc -l) plugins and $(ls test-wasm | wc -l) test plugins; wrote plugins/SHA256SUMS"
