#!/usr/bin/env bash
# Prepares an unpacked WildFly for WasmHSM: applies wildfly-configure.cli to standalone.xml once (MDB settings,
# management users required, RBAC, audit logs), adds the management users whose password files are given in
# HSM_ADMIN_PASSWORD_FILE (user hsmadmin, SuperUser) and HSM_OFFICER_PASSWORD_FILE (user hsmofficer, Operator: an
# officer for dual control, with no power over the server's configuration), and empties the
# commands directory given as the second argument (if any), and any EAR left in deployments/, so every test run
# starts from the bundled plugins and deploys the EAR through Arquillian alone. HSM_EXTRA_CLI names one more CLI
# file (the test suite's own configuration), also applied once.
set -euo pipefail
jboss_home=${1:?usage: wildfly-configure.sh JBOSS_HOME [COMMANDS_DIR]}
commands_dir=${2:-}
here=$(cd "$(dirname "$0")" && pwd)
marker="$jboss_home/standalone/configuration/.wasmhsm-configured"
if [ ! -f "$marker" ]; then
  JAVA_OPTS="-Djboss.bind.address=127.0.0.1 -Djboss.bind.address.management=127.0.0.1" \
    "$jboss_home/bin/jboss-cli.sh" --file="$here/wildfly-configure.cli" >/dev/null
  touch "$marker"
  echo "configured $jboss_home/standalone/configuration/standalone.xml"
fi
if [ -n "${HSM_EXTRA_CLI:-}" ] && [ ! -f "$marker-$(basename "$HSM_EXTRA_CLI")" ]; then
  JAVA_OPTS="-Djboss.bind.address=127.0.0.1 -Djboss.bind.address.management=127.0.0.1" \
    "$jboss_home/bin/jboss-cli.sh" --file="$HSM_EXTRA_CLI" >/dev/null
  touch "$marker-$(basename "$HSM_EXTRA_CLI")"
  echo "applied $HSM_EXTRA_CLI"
fi
config="$jboss_home/standalone/configuration"
if [ -n "${HSM_ADMIN_PASSWORD_FILE:-}" ]; then
  "$here/wildfly-add-user.sh" "$config" hsmadmin "$HSM_ADMIN_PASSWORD_FILE"
fi
if [ -n "${HSM_OFFICER_PASSWORD_FILE:-}" ]; then
  "$here/wildfly-add-user.sh" "$config" hsmofficer "$HSM_OFFICER_PASSWORD_FILE" HsmOfficers
fi
if [ -n "$commands_dir" ]; then
  rm -rf "$commands_dir"
  rm -f "$jboss_home"/standalone/deployments/hsm.ear*
fi
