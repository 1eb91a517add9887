#!/usr/bin/env bash
# Measures B2 over TLS on the secure port beside plain TCP on the host port of the same running server, alternating
# the two at each connection count and round, and prints one result line per run and a Markdown table of medians.
# The TLS runs verify the server and present the client certificate (mutual TLS), with the key stores of
# scripts/test-secrets.sh; each TLS run first reports its connect-and-handshake cost (20 connections in a row).
#
# Usage: bench/tls.sh KEYS_DIR [--connections "8 32"] [--duration 10] [--warmup 3] [--rounds 3]
# PLAIN_PORT (1500) and TLS_PORT (1501) choose the ports.
set -euo pipefail
cd "$(dirname "$0")/.."
keys=${1:?usage: bench/tls.sh KEYS_DIR [--connections "8 32"] [--duration 10] [--warmup 3] [--rounds 3]}
shift
CONNECTIONS="8 32"
DURATION=10
WARMUP=3
ROUNDS=3
while [ $# -gt 0 ]; do
  case "$1" in
    --connections) CONNECTIONS="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --rounds) ROUNDS="$2"; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
PLAIN_PORT=${PLAIN_PORT:-1500}
TLS_PORT=${TLS_PORT:-1501}
results=$(mktemp)
trap 'rm -f "$results"' EXIT
run() {   # mode n
  local port=$PLAIN_PORT tls=()
  if [ "$1" = tls ]; then
    port=$TLS_PORT
    tls=(--tls-trust-store "$keys/trust.p12" --tls-key-store "$keys/client.p12" --tls-password-file "$keys/password")
  fi
  local out
  out=$(java -cp hsm-loadclient/target/classes:hsm-client/target/classes:hsm-protocol/target/classes dev.wasmhsm.loadclient.LoadClient --port "$port" --connections "$2" \
    --duration "$DURATION" --warmup "$WARMUP" "${tls[@]}")
  grep '^tls handshake' <<<"$out" || true
  local result
  result=$(grep '^result:' <<<"$out")
  echo "$1 $result"
  echo "$1 $2 $(sed -n 's/.* rps=\([0-9.]*\).*p50_us=\([0-9.]*\).*p99_us=\([0-9.]*\).*/\1 \2 \3/p' <<<"$result")" \
    >> "$results"
}
for round in $(seq 1 "$ROUNDS"); do
  for n in $CONNECTIONS; do
    if [ $((round % 2)) -eq 1 ]; then run plain "$n"; run tls "$n"; else run tls "$n"; run plain "$n"; fi
  done
done
median() {   # mode n column
  awk -v m="$1" -v n="$2" -v c="$3" '$1 == m && $2 == n { print $c }' "$results" | sort -g \
    | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
echo
echo "| N | plain req/s | TLS req/s | TLS / plain | plain p50 / p99 µs | TLS p50 / p99 µs |"
echo "|---|---|---|---|---|---|"
for n in $CONNECTIONS; do
  plain=$(median plain "$n" 3)
  tls=$(median tls "$n" 3)
  echo "| $n | $plain | $tls | $(awk -v a="$tls" -v b="$plain" 'BEGIN { printf "%.2f", a / b }') |" \
    "$(median plain "$n" 4) / $(median plain "$n" 5) | $(median tls "$n" 4) / $(median tls "$n" 5) |"
done
