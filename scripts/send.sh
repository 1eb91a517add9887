#!/usr/bin/env bash
# Sends one payShield host command and prints the reply body (header included, length prefix stripped).
# Usage: scripts/send.sh COMMAND_AND_DATA [HEADER]   e.g. scripts/send.sh B20004PING HEAD
# HSM_HOST and HSM_PORT choose the server (127.0.0.1:1500). ASCII commands only.
set -euo pipefail
message="${2:-0000}${1:?usage: send.sh COMMAND_AND_DATA [HEADER]}"
length=${#message}
exec 3<>"/dev/tcp/${HSM_HOST:-127.0.0.1}/${HSM_PORT:-1500}"
printf "\\x$(printf %02x $((length >> 8)))\\x$(printf %02x $((length & 255)))%s" "$message" >&3
read -r high low < <(dd bs=1 count=2 status=none <&3 | od -An -tu1)
dd bs=1 count=$((high * 256 + low)) status=none <&3
echo
exec 3>&-
