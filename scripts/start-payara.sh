#!/usr/bin/env bash
# Builds the EAR, prepares a Payara Server 6 from Maven Central under target/payara6 (every port on 127.0.0.1, see
# payara-configure.sh), starts domain1, deploys the EAR and follows the HSM's log until Ctrl-C, which stops the
# domain. The commands directory is run/payara-commands, outside target/ so that mvn clean keeps an operator's
# plugins; the engine seeds it with the bundled plugins on the first start only, and never puts back one the
# operator removed. On its first preparation it sets the admin password (user admin), read from
# HSM_ADMIN_PASSWORD_FILE or asked for once and kept in run/payara-admin-password (mode 600), and turns secure admin
# on (payara-configure.sh).
# Extra arguments become JVM options of the domain on its first preparation, for example -Dhsm.listener.port=1501. It prints one READY line once the HSM answers (its readiness endpoint says UP).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
mvn -q -B package -DskipTests
payara_home="$root/target/payara6"
commands="$root/run/payara-commands"
mkdir -p "$root/run"
if [ ! -d "$payara_home" ]; then
  version=$(sed -n 's|.*<payara.version>\(.*\)</payara.version>.*|\1|p' "$root/pom.xml")
  mvn -q -B dependency:unpack -Dartifact="fish.payara.distributions:payara:$version:zip" \
    -DoutputDirectory="$root/target"
fi
HSM_ADMIN_PASSWORD_FILE=$("$root/scripts/admin-password.sh" "$root/run/payara-admin-password")
export HSM_ADMIN_PASSWORD_FILE
"$root/scripts/payara-configure.sh" "$payara_home" "$commands" "$@"
asadmin="$payara_home/bin/asadmin"
tail_pid=""
asadmin_passwords=""
stop_domain() {
  [ -z "$asadmin_passwords" ] || rm -f "$asadmin_passwords"
  [ -z "$tail_pid" ] || kill "$tail_pid" 2>/dev/null || true
  "$asadmin" stop-domain domain1 || true   # Ctrl-C may have stopped it already
}
trap stop_domain EXIT
trap 'exit 130' INT TERM
"$asadmin" start-domain domain1
asadmin_passwords=$(mktemp)
printf 'AS_ADMIN_PASSWORD=%s\n' "$(head -n 1 "$HSM_ADMIN_PASSWORD_FILE")" > "$asadmin_passwords"
admin() {
  "$asadmin" --host 127.0.0.1 --user admin --passwordfile "$asadmin_passwords" "$@"
}
# Undeploy, then deploy: redeploying an EAR in place (deploy --force) can fail with the HSM port still bound.
if admin list-applications 2>/dev/null | grep -q '^hsm[[:space:]]'; then
  admin undeploy hsm
fi
admin deploy --name hsm "$root/hsm-ear/target/hsm.ear"
rm -f "$asadmin_passwords"
ready=false
for _ in $(seq 1 300); do
  if "$root/scripts/hsm-ready.sh" 8080; then
    ready=true
    break
  fi
  sleep 1
done
if [ "$ready" != true ]; then
  echo "start-payara.sh: the HSM was not ready after 300 s (http://127.0.0.1:8080/hsm/health/ready); see" \
    "$payara_home/glassfish/domains/domain1/logs/server.log" >&2
  exit 1
fi
echo "READY: WasmHSM answers payShield commands on 127.0.0.1:1500; health and metrics at http://127.0.0.1:8080/hsm/;" \
  "admin https 4848 and JMX over TLS 8686 as user admin; commands in $commands; its log is" \
  "$payara_home/glassfish/domains/domain1/logs/hsm.log; Ctrl-C stops it"
# In the background, so that a TERM reaches the traps at once rather than after tail ends.
tail -n 0 -F "$payara_home/glassfish/domains/domain1/logs/hsm.log" &
tail_pid=$!
wait "$tail_pid"
