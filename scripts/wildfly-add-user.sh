#!/usr/bin/env bash
# Adds (or replaces) a WildFly management user in CONFIG_DIR's mgmt-users.properties, in a group that
# wildfly-configure.cli maps to an RBAC role: HsmAdministrators (SuperUser, the default) or HsmOfficers (Operator:
# may call the HSM's MBean operations, may not change the server's configuration or security). The password is read
# from a file and stored as WildFly stores it (hex MD5 of user:ManagementRealm:password), so it never appears on a
# command line (add-user.sh takes it as an argument).
# Usage: wildfly-add-user.sh CONFIG_DIR USER PASSWORD_FILE [HsmAdministrators|HsmOfficers]
set -euo pipefail
usage="usage: wildfly-add-user.sh CONFIG_DIR USER PASSWORD_FILE [HsmAdministrators|HsmOfficers]"
config=${1:?$usage}
user=${2:?$usage}
password_file=${3:?$usage}
group=${4:-HsmAdministrators}
[[ "$group" =~ ^(HsmAdministrators|HsmOfficers)$ ]] || { echo "$usage" >&2; exit 1; }
[[ "$user" =~ ^[A-Za-z0-9._-]+$ ]] || { echo "wildfly-add-user.sh: user names are letters, digits, . _ -" >&2; exit 1; }
password=$(head -n 1 "$password_file")
[ -n "$password" ] || { echo "wildfly-add-user.sh: $password_file holds no password" >&2; exit 1; }
hash=$(printf '%s' "$user:ManagementRealm:$password" | md5sum | cut -d ' ' -f 1)
for file in mgmt-users.properties mgmt-groups.properties; do
  (umask 077 && : >> "$config/$file")   # never world-readable, not even for a moment
  chmod 600 "$config/$file"
  sed -i -e "/^${user//./\\.}=/d" -e '$a\' "$config/$file"   # and end the file with a newline
done
echo "$user=$hash" >> "$config/mgmt-users.properties"
echo "$user=$group" >> "$config/mgmt-groups.properties"
