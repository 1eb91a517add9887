#!/usr/bin/env bash
# Adds (or replaces) a WildFly management user in CONFIG_DIR's mgmt-users.properties, in the group
# HsmAdministrators that wildfly-configure.cli maps to the RBAC role SuperUser. The password is read from a file
# and stored as WildFly stores it (hex MD5 of user:ManagementRealm:password), so it never appears on a command line
# (add-user.sh takes it as an argument).
# Usage: wildfly-add-user.sh CONFIG_DIR USER PASSWORD_FILE
set -euo pipefail
usage="usage: wildfly-add-user.sh CONFIG_DIR USER PASSWORD_FILE"
config=${1:?$usage}
user=${2:?$usage}
password_file=${3:?$usage}
[[ "$user" =~ ^[A-Za-z0-9._-]+$ ]] || { echo "wildfly-add-user.sh: user names are letters, digits, . _ -" >&2; exit 1; }
password=$(head -n 1 "$password_file")
[ -n "$password" ] || { echo "wildfly-add-user.sh: $password_file holds no password" >&2; exit 1; }
hash=$(printf '%s' "$user:ManagementRealm:$password" | md5sum | cut -d ' ' -f 1)
for file in mgmt-users.properties mgmt-groups.properties; do
  touch "$config/$file"
  chmod 600 "$config/$file"
  sed -i -e "/^$user=/d" -e '$a\' "$config/$file"   # and end the file with a newline
done
echo "$user=$hash" >> "$config/mgmt-users.properties"
echo "$user=HsmAdministrators" >> "$config/mgmt-groups.properties"
