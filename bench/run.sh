#!/usr/bin/env bash
# Measures the product's B2 throughput against the raw baseline server (bench/baseline/BlockingServer.java),
# alternating the two at each connection count, and prints a Markdown table of the figures.
#
# Usage: bench/run.sh [--connections "1 8 32 128"] [--duration 10] [--warmup 3] [--rounds 2] [--idle 1000]
# The same settings can be given as environment variables: CONNECTIONS, DURATION, WARMUP, ROUNDS, IDLE,
# IDLE_CONNECTIONS (measured connections of the idle case, 8), PRODUCT_PORT (1500), BASELINE_PORT (15000).
# Run from anywhere; paths are taken relative to the repository root.
set -euo pipefail

cd "$(dirname "$0")/.."

CONNECTIONS="${CONNECTIONS:-1 8 32 128}"
DURATION="${DURATION:-10}"
WARMUP="${WARMUP:-3}"
ROUNDS="${ROUNDS:-2}"
IDLE="${IDLE:-0}"
IDLE_CONNECTIONS="${IDLE_CONNECTIONS:-8}"
PRODUCT_PORT="${PRODUCT_PORT:-1500}"
BASELINE_PORT="${BASELINE_PORT:-15000}"
HOST=127.0.0.1
CLASSES=hsm-loadclient/target/classes
CLASS_PATH=hsm-loadclient/target/classes:hsm-client/target/classes:hsm-protocol/target/classes
BASELINE_SOURCE=bench/baseline/BlockingServer.java

usage() {
    sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'
}

while [ $# -gt 0 ]; do
    case "$1" in
        --connections) CONNECTIONS="$2"; shift 2 ;;
        --duration) DURATION="$2"; shift 2 ;;
        --warmup) WARMUP="$2"; shift 2 ;;
        --rounds) ROUNDS="$2"; shift 2 ;;
        --idle) IDLE="$2"; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "unknown argument: $1" >&2; usage >&2; exit 2 ;;
    esac
done

if [ ! -f "$CLASSES/dev/wasmhsm/loadclient/LoadClient.class" ]; then
    echo "The load client is not built: run 'mvn -q -pl hsm-loadclient -am package -DskipTests' in $(pwd) first." >&2
    exit 1
fi
if [ ! -f "$BASELINE_SOURCE" ]; then
    echo "The baseline server is missing: $BASELINE_SOURCE (expected beside the repository)." >&2
    exit 1
fi

port_open() {
    (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null
}

WORK_DIR="$(mktemp -d)"
RESULTS="$WORK_DIR/results"
BASELINE_PID=""
cleanup() {
    if [ -n "$BASELINE_PID" ] && kill -0 "$BASELINE_PID" 2>/dev/null; then
        kill "$BASELINE_PID" 2>/dev/null || true
        wait "$BASELINE_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Idle connections need file descriptors in both processes: raise the soft limit before the baseline starts.
if [ "$IDLE" -gt 0 ]; then
    max_n=0
    for n in $CONNECTIONS $IDLE_CONNECTIONS; do [ "$n" -gt "$max_n" ] && max_n=$n; done
    needed=$((IDLE + max_n + 512))
    if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt "$needed" ]; then
        ulimit -n "$needed" 2>/dev/null \
            || echo "warning: could not raise ulimit -n to $needed (now $(ulimit -n)); the idle case may open fewer" >&2
    fi
fi

if port_open "$BASELINE_PORT"; then
    echo "Something already listens on $HOST:$BASELINE_PORT; stop it or set BASELINE_PORT." >&2
    exit 1
fi
java "$BASELINE_SOURCE" "$BASELINE_PORT" "$HOST" >"$WORK_DIR/baseline.log" 2>&1 &
BASELINE_PID=$!
for _ in $(seq 1 300); do
    port_open "$BASELINE_PORT" && break
    if ! kill -0 "$BASELINE_PID" 2>/dev/null; then
        echo "The baseline server exited:" >&2
        cat "$WORK_DIR/baseline.log" >&2
        exit 1
    fi
    sleep 0.1
done
if ! port_open "$BASELINE_PORT"; then
    echo "The baseline server did not open $HOST:$BASELINE_PORT within 30 s." >&2
    exit 1
fi
echo "Baseline: BlockingServer on $HOST:$BASELINE_PORT (pid $BASELINE_PID)."

PRODUCT_UP=1
if ! port_open "$PRODUCT_PORT"; then
    PRODUCT_UP=0
    echo "warning: nothing listens on $HOST:$PRODUCT_PORT (PRODUCT_PORT): measuring the baseline only." >&2
else
    echo "Product: $HOST:$PRODUCT_PORT."
fi
echo "Connections: $CONNECTIONS; ${DURATION} s measured after ${WARMUP} s warm-up; $ROUNDS round(s), alternating."
echo

# run_client TARGET PORT N [extra LoadClient options]: one run, printed and appended to $RESULTS.
run_client() {
    local target=$1 port=$2 n=$3
    shift 3
    local out rc=0
    out=$(java -cp "$CLASS_PATH" dev.wasmhsm.loadclient.LoadClient --host "$HOST" --port "$port" \
        --connections "$n" --duration "$DURATION" --warmup "$WARMUP" "$@" 2>"$WORK_DIR/client.err") || rc=$?
    printf '%s\n' "$out" | sed "s/^/[$target N=$n] /"
    if [ -s "$WORK_DIR/client.err" ]; then
        head -n 5 "$WORK_DIR/client.err" | sed "s/^/[$target N=$n] /"
    fi
    if [ "$rc" -gt 1 ]; then
        echo "[$target N=$n] the load client failed (exit $rc)"
    fi
    local result idle_line
    result=$(printf '%s\n' "$out" | grep '^result:' || echo "result: none")
    idle_line=$(printf '%s\n' "$out" | grep '^idle:' || true)
    echo "$target $n $result $idle_line" >>"$RESULTS"
}

# field NAME LINE: the value of NAME=value in a result line.
field() {
    printf '%s\n' "$2" | sed -n "s/.* $1=\([^ ]*\).*/\1/p"
}

# median TARGET N NAME: the median over the rounds of one figure, or n/a.
median() {
    local values
    values=$({ grep "^$1 $2 result:" "$RESULTS" || true; } | while read -r line; do field "$3" "$line"; done \
        | { grep . || true; } | sort -g)
    if [ -z "$values" ]; then
        echo n/a
        return
    fi
    local format="%.0f\n"
    case "$3" in *_us) format="%.1f\n" ;; esac
    printf '%s\n' "$values" | awk -v format="$format" '{ v[NR] = $1 } END {
        printf format, (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# total TARGET N NAME: the sum over the rounds of one figure.
total() {
    { grep "^$1 $2 result:" "$RESULTS" || true; } | while read -r line; do field "$3" "$line"; done \
        | awk '{ s += $1 } END { print s + 0 }'
}

measure() {
    local target=$1 n=$2
    shift 2
    if [ "$target" = product ]; then
        [ "$PRODUCT_UP" = 1 ] && run_client product "$PRODUCT_PORT" "$n" "$@"
    else
        run_client baseline "$BASELINE_PORT" "$n" "$@"
    fi
    return 0
}

: >"$RESULTS"
for n in $CONNECTIONS; do
    for round in $(seq 1 "$ROUNDS"); do
        if [ $((round % 2)) = 1 ]; then
            measure baseline "$n"
            measure product "$n"
        else
            measure product "$n"
            measure baseline "$n"
        fi
    done
done

if [ "$IDLE" -gt 0 ]; then
    run_client baseline-idle "$BASELINE_PORT" "$IDLE_CONNECTIONS" --idle "$IDLE"
    if [ "$PRODUCT_UP" = 1 ]; then
        run_client product-idle "$PRODUCT_PORT" "$IDLE_CONNECTIONS" --idle "$IDLE"
    fi
fi

echo
echo "B2 \"PING\", 4-byte header, client and servers on this machine. Figures are medians of $ROUNDS round(s); latencies in µs."
echo
echo "| N | product req/s | baseline req/s | ratio | product p50 | product p99 | baseline p50 | baseline p99 | errors (product/baseline) |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in $CONNECTIONS; do
    p_rps=$(median product "$n" rps)
    b_rps=$(median baseline "$n" rps)
    ratio=n/a
    if [ "$p_rps" != n/a ] && [ "$b_rps" != n/a ] && [ "$b_rps" != 0 ]; then
        ratio=$(awk -v p="$p_rps" -v b="$b_rps" 'BEGIN { printf "%.2f", p / b }')
    fi
    p_errors=n/a
    [ "$PRODUCT_UP" = 1 ] && p_errors=$(total product "$n" errors)
    echo "| $n | $p_rps | $b_rps | $ratio | $(median product "$n" p50_us) | $(median product "$n" p99_us)" \
        "| $(median baseline "$n" p50_us) | $(median baseline "$n" p99_us) | $p_errors/$(total baseline "$n" errors) |"
done

if [ "$IDLE" -gt 0 ]; then
    echo
    echo "Idle case: $IDLE idle connections held open while $IDLE_CONNECTIONS connections run the load (one run each)."
    echo
    echo "| target | idle established | still open after | req/s | p50 | p99 | errors |"
    echo "|---|---:|---:|---:|---:|---:|---:|"
    while read -r target n rest; do
        case "$target" in *-idle) ;; *) continue ;; esac
        line="$rest"
        established=$(printf '%s\n' "$rest" | sed -n 's/.*established \([0-9]*\).*/\1/p')
        still_open=$(printf '%s\n' "$rest" | sed -n 's/.*still open after the load \([0-9]*\).*/\1/p')
        echo "| $target | $established/$IDLE | $still_open | $(field rps "$line") | $(field p50_us "$line")" \
            "| $(field p99_us "$line") | $(field errors "$line") |"
    done <"$RESULTS"
fi
