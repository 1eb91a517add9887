#!/usr/bin/env bash
# Measures the outbound connector beside the TCP path, on a running WildFly (scripts/start-wildfly.sh, or any with
# the product's configuration): it deploys hsm.ear with the example application and the test connection
# factories added (the suite's src-test/src/test/resources/connector/ descriptors), then alternates, for B2 and CW
# at 1 and 8 callers: the load client over TCP to 1500, the connector's local factory and its remote one (pooled
# TCP to 1500), both driven in the server by the example's /hsm-example/bench. Prints the result lines and a table,
# and deploys the product's hsm.ear again when it ends.
#
# Usage: bench/connector.sh [--duration 10] [--warmup 3] [--rounds 2]
# Needs: JBOSS_HOME (default: the suite's WildFly under src-test/target), HSM_ADMIN_PASSWORD_FILE (default:
# run/wildfly/admin-password, as start-wildfly.sh keeps it), mvn -q package -DskipTests done.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=10
WARMUP=3
ROUNDS=2
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --rounds) ROUNDS="$2"; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
jboss_home=${JBOSS_HOME:-$(ls -d src-test/target/wildfly-*/ | head -n 1)}
password_file=${HSM_ADMIN_PASSWORD_FILE:-run/wildfly/admin-password}
work=target/bench-connector
rm -rf "$work" && mkdir -p "$work/ear" "$work/rar"
(cd "$work/ear" && jar xf ../../../hsm-ear/target/hsm.ear)
(cd "$work/rar" && jar xf ../ear/hsm-rar.rar)
# The filtered copies when the suite has run (the remote-tls factory then names real key stores).
descriptors=src-test/target/test-classes/connector
[ -d "$descriptors" ] || descriptors=src-test/src/test/resources/connector
cp "$descriptors/ironjacamar.xml" "$work/rar/META-INF/"
cp "$descriptors/glassfish-resources.xml" "$work/ear/META-INF/"
cp bench/connector-application.xml "$work/ear/META-INF/application.xml"
cp hsm-example/target/hsm-example.war "$work/ear/"
(cd "$work/rar" && jar cf ../ear/hsm-rar.rar .)
(cd "$work/ear" && jar cf ../hsm.ear .)
# The management password goes to jboss-cli in an Elytron client configuration file (mode 600), never on a
# command line.
client_config=$(mktemp --suffix=.xml)
trap 'rm -f "$client_config"' EXIT
cat > "$client_config" <<XML
<configuration><authentication-client xmlns="urn:elytron:client:1.7"><authentication-rules>
<rule use-configuration="admin"/></authentication-rules><authentication-configurations>
<configuration name="admin"><set-user-name name="hsmadmin"/><credentials>
<clear-password password="$(head -n 1 "$password_file")"/></credentials></configuration>
</authentication-configurations></authentication-client></configuration>
XML
cli() {
  JAVA_OPTS="-Dwildfly.config.url=file://$client_config" "$jboss_home/bin/jboss-cli.sh" -c \
    --controller=127.0.0.1:9990 --command="$1" >/dev/null
}
cli "deploy --force $work/hsm.ear"
sleep 5
results=$(mktemp)
# On any exit, the product's own EAR goes back in place of the benchmark's.
trap 'cli "deploy --force hsm-ear/target/hsm.ear" || true; rm -f "$results" "$client_config"' EXIT
tcp() {   # command n
  java -cp hsm-loadclient/target/classes:hsm-client/target/classes:hsm-protocol/target/classes dev.wasmhsm.loadclient.LoadClient --port 1500 --connections "$2" \
    --duration "$DURATION" --warmup "$WARMUP" --command "$1" | grep '^result:'
}
connector() {   # factory command n
  curl -sf "http://127.0.0.1:8080/hsm-example/bench?factory=java:/eis/hsm/$1&command=$2&threads=$3&seconds=$DURATION&warmup=$WARMUP"
}
record() {   # path command n line
  local rps p50 p99
  rps=$(sed -n 's/.* rps=\([0-9.]*\).*/\1/p' <<<"$4")
  p50=$(sed -n 's/.* p50_us=\([0-9.]*\).*/\1/p' <<<"$4")
  p99=$(sed -n 's/.* p99_us=\([0-9.]*\).*/\1/p' <<<"$4")
  echo "$1 $2 $3 $rps $p50 $p99" >> "$results"
  echo "$1 $2 N=$3 $4"
}
for round in $(seq 1 "$ROUNDS"); do
  for command in B2 CW; do
    for n in 1 8; do
      record tcp "$command" "$n" "$(tcp "$command" "$n")"
      record local "$command" "$n" "$(connector local "$command" "$n")"
      record remote "$command" "$n" "$(connector remote "$command" "$n")"
    done
  done
done
median() {   # path command n column
  awk -v p="$1" -v c="$2" -v n="$3" -v k="$4" '$1 == p && $2 == c && $3 == n { print $k }' "$results" | sort -g \
    | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
echo
echo "| Command | N | TCP req/s | local req/s | local / TCP | remote req/s | remote / TCP | p50 µs TCP / local / remote |"
echo "|---|---|---|---|---|---|---|---|"
for command in B2 CW; do
  for n in 1 8; do
    t=$(median tcp "$command" "$n" 4); l=$(median local "$command" "$n" 4); r=$(median remote "$command" "$n" 4)
    echo "| $command | $n | $t | $l | $(awk -v a="$l" -v b="$t" 'BEGIN { printf "%.2f", a / b }') | $r |" \
      "$(awk -v a="$r" -v b="$t" 'BEGIN { printf "%.2f", a / b }') |" \
      "$(median tcp "$command" "$n" 5) / $(median local "$command" "$n" 5) / $(median remote "$command" "$n" 5) |"
  done
done
