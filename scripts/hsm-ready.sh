#!/usr/bin/env bash
# Exits 0 when the HSM's readiness endpoint on 127.0.0.1:PORT answers 200 (one HTTP GET, with bash alone), 1
# otherwise. Usage: hsm-ready.sh PORT
set -uo pipefail
port=${1:?usage: hsm-ready.sh PORT}
{ exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null || exit 1
printf 'GET /hsm/health/ready HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
read -r -t 5 _ status _ <&3 || status=""
exec 3<&-
[ "${status%$'\r'}" = 200 ]
