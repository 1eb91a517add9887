#!/usr/bin/env bash
# Builds the EAR, prepares a WildFly 39 from Maven Central under target/server, seeds its commands directory with
# the bundled plugins (plugins/wasm; a plugin already there is kept) and runs the server in the foreground, every
# port on 127.0.0.1. The management interface (jboss-cli, JMX, JConsole) wants the user hsmadmin and a password,
# read from HSM_ADMIN_PASSWORD_FILE or asked for once and kept in target/server/admin-password (mode 600).
# Extra arguments go to standalone.sh, for example -Dhsm.listener.port=1502.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
mvn -q -B package -DskipTests
jboss_home=$(ls -d "$root"/src-test/target/wildfly-*/ | head -n 1)
jboss_home=${jboss_home%/}
base="$root/target/server"
commands="$base/data/hsm-commands"
"$root/scripts/wildfly-configure.sh" "$jboss_home"
if [ ! -d "$base/configuration" ]; then
  mkdir -p "$base/deployments"
  cp -r "$jboss_home/standalone/configuration" "$base/"
  rm -f "$base/configuration/mgmt-users.properties" "$base/configuration/mgmt-groups.properties"
fi
password_file=$("$root/scripts/admin-password.sh" "$base/admin-password")
"$root/scripts/wildfly-add-user.sh" "$base/configuration" hsmadmin "$password_file"
mkdir -p "$commands"
cp -n "$root"/plugins/wasm/*.wasm "$commands/"   # never over a plugin the operator replaced
cp "$root/hsm-ear/target/hsm.ear" "$base/deployments/"
echo "starting WildFly on 127.0.0.1 (payShield port 1500, management 9990, user hsmadmin); commands in $commands"
exec "$jboss_home/bin/standalone.sh" -Djboss.server.base.dir="$base" -b 127.0.0.1 -bmanagement 127.0.0.1 \
  -Djboss.bind.address.private=127.0.0.1 -Dhsm.commands.dir="$commands" "$@"
