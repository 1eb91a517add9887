#!/usr/bin/env bash
# Prints the path of a file that holds the management password of a server the start scripts prepare:
# HSM_ADMIN_PASSWORD_FILE if set; else SAVED if it exists; else asks for a password twice (not echoed) and saves it
# in SAVED (mode 600); with no terminal to ask on, makes a random one there and says so. Never a password on a
# command line or in the repository.
# Usage: admin-password.sh SAVED
set -euo pipefail
saved=${1:?usage: admin-password.sh SAVED}
if [ -n "${HSM_ADMIN_PASSWORD_FILE:-}" ]; then
  [ -s "$HSM_ADMIN_PASSWORD_FILE" ] || { echo "admin-password.sh: $HSM_ADMIN_PASSWORD_FILE is empty or missing" >&2; exit 1; }
  echo "$HSM_ADMIN_PASSWORD_FILE"
  exit 0
fi
if [ -s "$saved" ]; then
  echo "$saved"
  exit 0
fi
mkdir -p "$(dirname "$saved")"
if ! { : </dev/tty; } 2>/dev/null; then
  (umask 077 && head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$saved")
  echo "admin-password.sh: no terminal to ask on: made a random management password in $saved" >&2
  echo "$saved"
  exit 0
fi
while true; do
  read -rs -p "management password for the new server (12 characters or more): " first </dev/tty; echo >&2
  read -rs -p "again: " second </dev/tty; echo >&2
  if [ "$first" != "$second" ]; then
    echo "the two differ" >&2
  elif [ ${#first} -lt 12 ]; then
    echo "too short" >&2
  else
    break
  fi
done
(umask 077 && printf '%s\n' "$first" > "$saved")
echo "$saved"
