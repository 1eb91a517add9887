#!/usr/bin/env bash
# Builds the EAR, prepares a WildFly 39 from Maven Central, deploys the EAR and runs the server, every port on
# 127.0.0.1, until Ctrl-C. It prints one READY line once the HSM answers (its readiness endpoint says UP), and
# fails loudly, stopping the server, if the EAR does not deploy.
#
# The server's base directory (configuration, logs, the commands directory) is run/wildfly in the repository,
# outside target/, so that mvn clean keeps an operator's plugins and settings; HSM_SERVER_DIR moves it. On the
# first start the engine seeds the commands directory with the bundled plugins; later starts never put back a
# plugin the operator removed. The management interface (jboss-cli, JMX, JConsole) wants the user hsmadmin and a
# password, read from HSM_ADMIN_PASSWORD_FILE or asked for once and kept in the base directory (mode 600).
# Extra arguments go to standalone.sh on every start, for example -Dhsm.listener.port=1502 or
# -Dhsm.log.format=json.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
echo "building (the first build fetches WildFly, Payara and the dependencies from Maven Central: several minutes)"
if ! mvn -B -ntp package -DskipTests 2>&1 | grep --line-buffered -E '^\[INFO\] (Building |BUILD)|ERROR'; then
  echo "start-wildfly.sh: the build failed" >&2
  exit 1
fi
jboss_home=$(ls -d "$root"/src-test/target/wildfly-*/ | head -n 1)
jboss_home=${jboss_home%/}
base="${HSM_SERVER_DIR:-$root/run/wildfly}"
commands="$base/data/hsm-commands"
offset=0
for arg in "$@"; do
  case "$arg" in -Djboss.socket.binding.port-offset=*) offset=${arg#*=} ;; esac
done
http_port=${HSM_HTTP_PORT:-$((8080 + offset))}
"$root/scripts/wildfly-configure.sh" "$jboss_home"
if [ ! -d "$base/configuration" ]; then
  mkdir -p "$base/deployments"
  cp -r "$jboss_home/standalone/configuration" "$base/"
  rm -f "$base/configuration/mgmt-users.properties" "$base/configuration/mgmt-groups.properties"
fi
password_file=$("$root/scripts/admin-password.sh" "$base/admin-password")
"$root/scripts/wildfly-add-user.sh" "$base/configuration" hsmadmin "$password_file"
rm -f "$base/deployments/hsm.ear.failed" "$base/deployments/hsm.ear.deployed"
cp "$root/hsm-ear/target/hsm.ear" "$base/deployments/"
echo "starting WildFly on 127.0.0.1 (payShield port 1500, management 9990, user hsmadmin); commands in $commands"
# In the background, standalone.sh starts the server in the background too and forwards a TERM to it: a background
# job of a script ignores SIGINT, so Ctrl-C reaches the server as the TERM the trap below sends.
export LAUNCH_JBOSS_IN_BACKGROUND=1
server=""
trap '[ -z "$server" ] || { kill -TERM "$server" 2>/dev/null; wait "$server"; }; exit 130' INT TERM
"$jboss_home/bin/standalone.sh" -Djboss.server.base.dir="$base" -b 127.0.0.1 -bmanagement 127.0.0.1 \
  -Djboss.bind.address.private=127.0.0.1 -Dhsm.commands.dir="$commands" "$@" &
server=$!
for _ in $(seq 1 300); do
  if [ -f "$base/deployments/hsm.ear.failed" ]; then
    echo "start-wildfly.sh: hsm.ear did not deploy:" >&2
    cat "$base/deployments/hsm.ear.failed" >&2
    kill -TERM "$server"
    wait "$server" || true
    exit 1
  fi
  if ! kill -0 "$server" 2>/dev/null; then
    echo "start-wildfly.sh: WildFly stopped during start; see $base/log/server.log" >&2
    exit 1
  fi
  if "$root/scripts/hsm-ready.sh" "$http_port"; then
    echo "READY: WasmHSM answers payShield commands on 127.0.0.1:1500; health and metrics at" \
      "http://127.0.0.1:$http_port/hsm/; its log is $base/log/hsm.log; Ctrl-C stops it"
    wait "$server"
    exit $?
  fi
  sleep 1
done
echo "start-wildfly.sh: the HSM was not ready after 300 s (http://127.0.0.1:$http_port/hsm/health/ready);" \
  "see $base/log/server.log" >&2
kill -TERM "$server"
wait "$server" || true
exit 1
