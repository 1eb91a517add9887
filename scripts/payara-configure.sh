#!/usr/bin/env bash
# Prepares an unpacked Payara Server 6 for WasmHSM, editing domain1's domain.xml before the first start so that no
# port is ever opened on anything but 127.0.0.1:
#   - the HTTP, HTTPS and admin listeners, the IIOP listeners and the JMX connector bind 127.0.0.1;
#   - Hazelcast binds 127.0.0.1 only; the embedded OpenMQ broker (port 7676, which ignores host settings) is off;
#   - the MDB pool may grow to 256 instances, like WildFly's in wildfly-configure.cli;
#   - the JVM gets -Dhsm.commands.dir=COMMANDS_DIR and any further -D options given.
# It then secures the management plane once, and refuses to go on without it: the admin user's password from the
# file HSM_ADMIN_PASSWORD_FILE (change-admin-password), secure admin on (enable-secure-admin: the admin port and the
# JMX connector speak TLS and want credentials), and with HSM_OFFICER_PASSWORD_FILE a second administrator,
# hsmofficer, for dual control. This starts and stops the domain once (about 30 s).
# With --clear-commands it then empties the commands directory, as the tests do, so that a run starts from the
# bundled plugins.
#
# Usage: payara-configure.sh PAYARA_HOME COMMANDS_DIR [--clear-commands] [-Dname=value ...]
set -euo pipefail
usage="usage: payara-configure.sh PAYARA_HOME COMMANDS_DIR [--clear-commands] [-Dname=value ...]"
payara_home=${1:?$usage}
commands_dir=${2:?$usage}
shift 2
clear_commands=false
if [ "${1:-}" = "--clear-commands" ]; then
  clear_commands=true
  shift
fi
domain_xml="$payara_home/glassfish/domains/domain1/config/domain.xml"
marker="$payara_home/glassfish/domains/domain1/config/.wasmhsm-configured"
if [ ! -f "$domain_xml" ]; then
  echo "payara-configure.sh: $domain_xml not found: is Payara unpacked in $payara_home? (mvn clean, then build again)" >&2
  exit 1
fi
if [ ! -f "$marker" ]; then
  jvm_options="<jvm-options>-Dhazelcast.socket.bind.any=false</jvm-options>"
  jvm_options+="<jvm-options>-Dhsm.commands.dir=$commands_dir</jvm-options>"
  for option in "$@"; do
    jvm_options+="<jvm-options>$option</jvm-options>"
  done
  # Only the server-config block is edited; default-config is a template for new instances.
  sed -i \
    -e '/<config name="server-config">/,/<\/config>/{
      s|address="0.0.0.0"|address="127.0.0.1"|g
      s|<network-listener port=|<network-listener address="127.0.0.1" port=|
      s|<connector-service |<jms-service type="DISABLED"></jms-service><mdb-container max-pool-size="256" steady-pool-size="0"></mdb-container><connector-service |
      s|<jvm-options>-Xmx512m</jvm-options>|<jvm-options>-Xmx1g</jvm-options>'"$jvm_options"'|
    }' \
    -e 's|<hazelcast-runtime-configuration |<hazelcast-runtime-configuration interface="127.0.0.1" |' \
    "$domain_xml"
  # Refuse to call a domain configured unless the edits took: nothing in server-config may listen on 0.0.0.0.
  server_config=$(sed -n '/<config name="server-config">/,/<\/config>/p' "$domain_xml")
  if grep -q 'address="0.0.0.0"' <<<"$server_config" \
      || grep '<network-listener ' <<<"$server_config" | grep -vq 'address="127.0.0.1"' \
      || ! grep -q 'interface="127.0.0.1"' "$domain_xml"; then
    echo "payara-configure.sh: $domain_xml still has a listener off 127.0.0.1; this Payara's domain.xml differs" \
      "from the one the script knows" >&2
    exit 1
  fi
  touch "$marker"
  echo "configured $domain_xml"
fi
secured="$payara_home/glassfish/domains/domain1/config/.wasmhsm-secured"
if [ ! -f "$secured" ] && [ -z "${HSM_ADMIN_PASSWORD_FILE:-}" ]; then
  echo "payara-configure.sh: set HSM_ADMIN_PASSWORD_FILE to a file holding the admin password: Payara's admin" \
    "password is empty as shipped, and this script does not leave it so" >&2
  exit 1
fi
if [ ! -f "$secured" ]; then
  asadmin="$payara_home/bin/asadmin"
  password=$(head -n 1 "$HSM_ADMIN_PASSWORD_FILE")
  [ -n "$password" ] || { echo "payara-configure.sh: $HSM_ADMIN_PASSWORD_FILE holds no password" >&2; exit 1; }
  secrets=$(mktemp -d)
  trap 'rm -rf "$secrets"' EXIT
  printf 'AS_ADMIN_PASSWORD=\nAS_ADMIN_NEWPASSWORD=%s\n' "$password" > "$secrets/change"
  printf 'AS_ADMIN_PASSWORD=%s\n' "$password" > "$secrets/admin"
  if ! "$asadmin" --user admin --passwordfile "$secrets/change" change-admin-password --domain_name domain1 \
      >/dev/null 2>&1; then
    echo "payara-configure.sh: the admin password is set already (an earlier run stopped halfway): using the file's"
  fi
  "$asadmin" start-domain domain1 >/dev/null
  admin() {
    "$asadmin" --host 127.0.0.1 --user admin --passwordfile "$secrets/admin" "$@" >/dev/null
  }
  if ! admin enable-secure-admin; then
    "$asadmin" stop-domain domain1 >/dev/null || true
    echo "payara-configure.sh: enable-secure-admin failed" >&2
    exit 1
  fi
  if [ -n "${HSM_OFFICER_PASSWORD_FILE:-}" ]; then
    printf 'AS_ADMIN_PASSWORD=%s\nAS_ADMIN_USERPASSWORD=%s\n' "$password" "$(head -n 1 "$HSM_OFFICER_PASSWORD_FILE")" \
      > "$secrets/admin"
    admin create-file-user --authrealmname admin-realm --groups asadmin hsmofficer
  fi
  "$asadmin" stop-domain domain1 >/dev/null
  touch "$secured"
  echo "secured the management plane of $payara_home (admin password set, secure admin on)"
fi
if [ "$clear_commands" = true ]; then
  rm -rf "$commands_dir"
fi
