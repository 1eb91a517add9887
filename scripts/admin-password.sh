#!/usr/bin/env bash
# Prints the path of a file that holds the management password of a server the start scripts prepare:
# HSM_ADMIN_PASSWORD_FILE if set; else SAVED if it exists; else asks for a password twice (not echoed) and saves it
# in SAVED (mode 600); with no terminal to ask on, makes a random one there and says so. A file another user owns or
# could read is refused. Never a password on a command line or in the repository.
# Usage: admin-password.sh SAVED
set -euo pipefail
saved=${1:?usage: admin-password.sh SAVED}
private_file() {   # refuses a password file that another user owns or could read
  local owner mode
  owner=$(stat -c '%u' "$1")
  mode=$(stat -c '%a' "$1")
  if [ "$owner" != "$(id -u)" ] || [ $((8#$mode & 8#077)) -ne 0 ]; then
    echo "admin-password.sh: $1 must be yours and mode 600 (it is owner $owner, mode $mode)" >&2
    exit 1
  fi
}
save() {   # writes the password from stdin to a new file, mode 600, then moves it into place
  local tmp
  tmp=$(mktemp "$(dirname "$saved")/.admin-password.XXXXXX")
  cat > "$tmp"
  mv -f "$tmp" "$saved"
}
if [ -n "${HSM_ADMIN_PASSWORD_FILE:-}" ]; then
  [ -s "$HSM_ADMIN_PASSWORD_FILE" ] || { echo "admin-password.sh: $HSM_ADMIN_PASSWORD_FILE is empty or missing" >&2; exit 1; }
  private_file "$HSM_ADMIN_PASSWORD_FILE"
  echo "$HSM_ADMIN_PASSWORD_FILE"
  exit 0
fi
if [ -s "$saved" ]; then
  private_file "$saved"
  echo "$saved"
  exit 0
fi
mkdir -p "$(dirname "$saved")"
if ! { : </dev/tty; } 2>/dev/null; then
  head -c 24 /dev/urandom | base64 | tr -d '/+=' | save
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
printf '%s\n' "$first" | save
echo "$saved"
