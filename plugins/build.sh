#!/usr/bin/env bash
# Builds the bundled command plugins and the test plugins (plugin ABI v1, see docs/plugin-abi.md).
#
#   plugins/build.sh                 builds src/NAME.c and src/NAME.rs into wasm/NAME.wasm, test-src/* into
#                                    test-wasm/, checks every bundled module with the plugin tool, then writes
#                                    SHA256SUMS.
#   plugins/build.sh --check         rebuilds into a temporary directory and exits 1 if a module differs from the
#                                    committed one or SHA256SUMS is stale; exits 2 if clang or llvm-objcopy is
#                                    missing. Without rustc it compares the C modules only, with a warning. It
#                                    also compiles the template (template/XX.c) to check that it still builds.
#   plugins/build.sh --one SRC DIR   builds one plugin source (NAME.c or NAME.rs, anywhere) into DIR/NAME.wasm,
#                                    for plugin authors (see template/README.md), and checks it with the plugin
#                                    tool. Writes nothing else.
#
# Metadata: every module carries a custom section "hsm.plugin" (key=value lines, see docs/plugin-abi.md). For a C
# source NAME.c it is the file NAME.meta beside it, added after linking with llvm-objcopy --add-section (clang
# ignores section attributes for custom sections); a C source without NAME.meta gets no section (the test plugin
# nometa.c). A Rust source declares it itself as a #[link_section = "hsm.plugin"] static.
#
# Rules: this script checks no rule of its own. Every bundled module, the template and a --one module go through
# `hsm-plugin-tool validate --strict`, the server's own loader and the bundled rules (BundledPluginRules in
# hsm-engine), then one call with the module's sample request. The tool's jar is built with Maven when it is missing
# or older than the sources of those rules; HSM_PLUGIN_TOOL names another jar. The test plugins break rules on
# purpose and are not checked.
#
# Toolchain: Debian clang, lld and llvm 14 (apt-get install -y clang lld llvm) for C; Debian rustc 1.63 with the
# wasm32 standard library (apt-get install -y rustc libstd-rust-dev-wasm32) for Rust, called as /usr/bin/rustc
# (a rustup rustc on PATH usually lacks the wasm32 target). The output is reproducible: same sources and
# toolchain give the same bytes. No libc and no crates are linked. The plugin tool needs Java 17 and Maven.
set -euo pipefail

mode=build
case "${1:-}" in
    --check)
        [ $# -eq 1 ] || { echo "usage: plugins/build.sh --check" >&2; exit 2; }
        mode=check
        ;;
    --one)
        [ $# -eq 3 ] || { echo "usage: plugins/build.sh --one SRC.c|SRC.rs OUTDIR" >&2; exit 2; }
        mode=one
        one_source="$(realpath -- "$2")"
        one_out="$(realpath -m -- "$3")"
        ;;
    "")
        ;;
    *)
        echo "usage: plugins/build.sh [--check | --one SRC OUTDIR]" >&2
        exit 2
        ;;
esac

cd "$(dirname "$0")"
ROOT="$(cd .. && pwd)"

CLANG="${CLANG:-clang}"
OBJCOPY="${OBJCOPY:-llvm-objcopy}"
RUSTC="${RUSTC:-/usr/bin/rustc}"
TOOL_JAR="${HSM_PLUGIN_TOOL:-$ROOT/hsm-plugin-tool/target/hsm-plugin-tool.jar}"
INCLUDE="$PWD/include"
CFLAGS=(--target=wasm32 -O2 -nostdlib -ffreestanding -mbulk-memory -Wall -Wextra -Werror "-I$INCLUDE")
LDFLAGS=(-Wl,--no-entry -Wl,--strip-all -Wl,--stack-first -Wl,-z,stack-size=16384)
RUSTFLAGS=(--target wasm32-unknown-unknown --crate-type cdylib --edition 2021 -O -C panic=abort -C codegen-units=1
    -C debuginfo=0 -C strip=symbols -C link-arg=-zstack-size=16384)
SECTION=hsm.plugin

# Prints the sha256sum lines of every source, metadata file, this script and every module, sorted by path
# (LC_ALL=C). The template is not covered: it has no committed module.
checksums() {
    (
        cd "$1"
        for dir in include src test-src wasm test-wasm; do
            if [ -d "$dir" ]; then
                find "$dir" -type f \( -name '*.c' -o -name '*.h' -o -name '*.rs' -o -name '*.meta' \
                    -o -name '*.wasm' \)
            fi
        done
        echo build.sh
    ) | LC_ALL=C sort | while IFS= read -r path; do
        (cd "$1" && sha256sum -- "$path")
    done
}

have() {
    command -v "$1" >/dev/null 2>&1
}

# True if rustc and its wasm32-unknown-unknown standard library are installed.
have_rust() {
    have "$RUSTC" && [ -d "$("$RUSTC" --print sysroot 2>/dev/null)/lib/rustlib/wasm32-unknown-unknown/lib" ]
}

# Exits 2 with a message if the C toolchain is missing (after printing nothing else).
require_c_toolchain() {
    local code="${1:-2}"
    if ! have "$CLANG"; then
        echo "build.sh: $CLANG not found; install Debian clang, lld and llvm 14 (apt-get install -y clang lld llvm)" >&2
        exit "$code"
    fi
    if ! have "$OBJCOPY"; then
        echo "build.sh: $OBJCOPY not found; install Debian llvm 14 (apt-get install -y llvm)" >&2
        exit "$code"
    fi
}

rust_missing_message() {
    echo "$RUSTC with the wasm32-unknown-unknown target not found; install Debian rustc 1.63 and" \
        "libstd-rust-dev-wasm32 (apt-get install -y rustc libstd-rust-dev-wasm32)"
}

# Builds the plugin tool unless HSM_PLUGIN_TOOL names one, or its jar is newer than the sources of the rules it
# checks (the protocol, the crypto core, the engine and the tool itself).
ensure_tool() {
    if [ -n "${HSM_PLUGIN_TOOL:-}" ]; then
        return
    fi
    if [ -e "$TOOL_JAR" ] && [ -z "$(find "$ROOT"/hsm-protocol/src/main "$ROOT"/hsm-crypto/src/main \
            "$ROOT"/hsm-engine/src/main "$ROOT"/hsm-plugin-tool/src/main -newer "$TOOL_JAR" -print -quit)" ]; then
        return
    fi
    echo "build.sh: building the plugin tool, which holds the plugin rules (mvn -pl hsm-plugin-tool -am package)" >&2
    if ! (cd "$ROOT" && mvn -B -q -pl hsm-plugin-tool -am package -DskipTests) >&2; then
        echo "build.sh: the plugin tool does not build; it needs Java 17 and Maven" >&2
        exit 2
    fi
}

# Checks one module with the plugin tool: the loader's checks, the bundled rules, and a call with its sample
# request (under the legacy security profile: the samples are the public vectors, with single-length keys). Prints what failed, under label, and returns 1 if anything did;
# with verbose=1 prints every check.
validate_module() {
    local module="$1" label="$2" verbose="${3:-0}" output status=0
    output="$(java -Dhsm.security.profile=legacy -jar "$TOOL_JAR" validate --strict "$module" 2>&1)" || status=1
    if [ "$verbose" = 1 ]; then
        printf '%s\n' "$output"
    elif [ "$status" -ne 0 ]; then
        echo "$label: the plugin tool refuses $(basename "$module"):" >&2
        printf '%s\n' "$output" | grep -v '^ok ' | sed 's/^/  /' >&2
    fi
    return "$status"
}

# Compiles one C source into a module, then adds NAME.meta beside it as the hsm.plugin section, if present.
compile_c() {
    local source="$1" module="$2" meta="${1%.c}.meta"
    "$CLANG" "${CFLAGS[@]}" "${LDFLAGS[@]}" -o "$module.linked" "$source" || return 1
    if [ -e "$meta" ]; then
        "$OBJCOPY" --add-section "$SECTION=$meta" "$module.linked" "$module" || return 1
        rm -f "$module.linked"
    else
        mv "$module.linked" "$module"
    fi
}

# Compiles one Rust source (a no_std cdylib that declares its own hsm.plugin section) into a module.
compile_rs() {
    local source="$1" module="$2"
    "$RUSTC" "${RUSTFLAGS[@]}" --crate-name plugin -o "$module" "$source"
}

# Compiles every source of one directory into another: <src_dir>/NAME.c or NAME.rs becomes <out_dir>/NAME.wasm.
# rust=0 skips the Rust sources. bundled=1 checks each module with the plugin tool (validate_module).
build_dir() {
    local src_dir="$1" out_dir="$2" rust="$3" bundled="$4" source name label status=0
    mkdir -p "$out_dir"
    for source in "$src_dir"/*.c "$src_dir"/*.rs; do
        [ -e "$source" ] || continue
        name="$(basename "$source")"
        name="${name%.*}"
        if [ -e "$src_dir/$name.c" ] && [ -e "$src_dir/$name.rs" ]; then
            echo "build.sh: $src_dir/$name.c and $src_dir/$name.rs would both build $name.wasm; keep one" >&2
            status=1
            continue
        fi
        case "$source" in
            *.c)
                compile_c "$source" "$out_dir/$name.wasm" || { status=1; continue; }
                ;;
            *.rs)
                if [ -e "$src_dir/$name.meta" ]; then
                    echo "build.sh: $src_dir/$name.meta is not used: a Rust plugin declares its metadata in" \
                        "$source (#[link_section = \"hsm.plugin\"])" >&2
                    status=1
                fi
                [ "$rust" = 1 ] || continue
                compile_rs "$source" "$out_dir/$name.wasm" || { status=1; continue; }
                ;;
        esac
        label="plugins/$source"
        if [ -e "${source%.*}.meta" ]; then
            label="plugins/${source%.*}.meta"
        fi
        if [ "$bundled" = 1 ]; then
            validate_module "$out_dir/$name.wasm" "$label" || status=1
        fi
    done
    return "$status"
}

# Builds everything into the directory given, which gets wasm/ and test-wasm/.
build_all() {
    local out="$1" rust="$2" status=0
    build_dir src "$out/wasm" "$rust" 1 || status=1
    build_dir test-src "$out/test-wasm" "$rust" 0 || status=1
    return "$status"
}

# Prints the Rust sources of the bundled and test plugins, one a line.
rust_sources() {
    local source
    for source in src/*.rs test-src/*.rs; do
        if [ -e "$source" ]; then
            echo "$source"
        fi
    done
}

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

if [ "$mode" = one ]; then
    require_c_toolchain
    ensure_tool
    name="$(basename "$one_source")"
    name="${name%.*}"
    mkdir -p "$one_out"
    case "$one_source" in
        *.c) compile_c "$one_source" "$tmp/$name.wasm" ;;
        *.rs)
            have_rust || { echo "build.sh: $(rust_missing_message)" >&2; exit 2; }
            compile_rs "$one_source" "$tmp/$name.wasm"
            ;;
        *)
            echo "build.sh --one: $one_source is neither a .c nor a .rs file" >&2
            exit 2
            ;;
    esac
    if ! validate_module "$tmp/$name.wasm" "$one_source" 1; then
        echo "build.sh --one: $one_source built, but the plugin tool refuses it (above); nothing written" >&2
        exit 1
    fi
    cp "$tmp/$name.wasm" "$one_out/$name.wasm"
    chmod 644 "$one_out/$name.wasm"
    echo "build.sh: built $one_out/$name.wasm"
    exit 0
fi

if [ "$mode" = check ]; then
    failed=0
    checksums . >"$tmp/SHA256SUMS"
    if ! cmp -s "$tmp/SHA256SUMS" SHA256SUMS; then
        echo "build.sh --check: plugins/SHA256SUMS is stale (a source, build.sh or a module changed); run plugins/build.sh" >&2
        diff -u SHA256SUMS "$tmp/SHA256SUMS" >&2 || true
        failed=1
    fi
    require_c_toolchain $((failed ? 1 : 2))
    ensure_tool
    rust=1
    if ! have_rust; then
        rust=0
        echo "build.sh --check: WARNING: $(rust_missing_message); the Rust modules were NOT rebuilt or compared," \
            "only their metadata was checked" >&2
    fi
    build_all "$tmp/out" "$rust" || failed=1
    for dir in wasm test-wasm; do
        source_dir=src
        [ "$dir" = wasm ] || source_dir=test-src
        names="$( (ls "$tmp/out/$dir"; ls "$dir" 2>/dev/null) | grep '\.wasm$' | LC_ALL=C sort -u || true)"
        for name in $names; do
            rel="$dir/$name"
            if [ "$rust" = 0 ] && [ -e "$source_dir/${name%.wasm}.rs" ] && [ -e "$rel" ]; then
                if [ "$dir" = wasm ]; then
                    validate_module "$rel" "plugins/$rel" || failed=1
                fi
            elif [ ! -e "$rel" ]; then
                echo "build.sh --check: plugins/$rel is missing; run plugins/build.sh" >&2
                failed=1
            elif [ ! -e "$tmp/out/$rel" ] && { [ -e "$source_dir/${name%.wasm}.c" ] || [ -e "$source_dir/${name%.wasm}.rs" ]; }; then
                echo "build.sh --check: plugins/$rel was not rebuilt: its source does not build (see above)" >&2
                failed=1
            elif [ ! -e "$tmp/out/$rel" ]; then
                echo "build.sh --check: plugins/$rel has no source; delete it or run plugins/build.sh" >&2
                failed=1
            elif ! cmp -s "$tmp/out/$rel" "$rel"; then
                echo "build.sh --check: plugins/$rel differs from a fresh build; run plugins/build.sh" >&2
                echo "  toolchain: $("$CLANG" --version | head -n 1); $("$RUSTC" --version 2>/dev/null || true)" >&2
                failed=1
            fi
        done
    done
    # The template is not a bundled plugin, but what it teaches must pass the same checks.
    for source in template/*.c; do
        [ -e "$source" ] || continue
        mkdir -p "$tmp/template"
        name="$(basename "$source" .c)"
        if ! compile_c "$source" "$tmp/template/$name.wasm" \
                || ! validate_module "$tmp/template/$name.wasm" "plugins/$source"; then
            echo "build.sh --check: plugins/$source does not build" >&2
            failed=1
        fi
    done
    if [ "$failed" -ne 0 ]; then
        exit 1
    fi
    if [ "$rust" = 1 ]; then
        echo "build.sh --check: modules and SHA256SUMS are up to date"
    else
        echo "build.sh --check: C modules and SHA256SUMS are up to date (Rust modules NOT rebuilt, see the warning)"
    fi
    exit 0
fi

require_c_toolchain
ensure_tool
if [ -n "$(rust_sources)" ] && ! have_rust; then
    echo "build.sh: $(rust_missing_message); it is needed for $(rust_sources | paste -sd ' ' -)" >&2
    exit 2
fi
if ! build_all "$tmp/out" 1; then
    echo "build.sh: failed; wasm/, test-wasm/ and SHA256SUMS are unchanged" >&2
    exit 1
fi
for dir in wasm test-wasm; do
    mkdir -p "$dir"
    rm -f "$dir"/*.wasm
    cp "$tmp/out/$dir"/*.wasm "$dir"/
    chmod 644 "$dir"/*.wasm
done
checksums . >SHA256SUMS
echo "build.sh: built $(ls wasm | wc -l) plugins and $(ls test-wasm | wc -l) test plugins; wrote plugins/SHA256SUMS"
