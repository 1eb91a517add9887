#!/usr/bin/env bash
# Makes the secrets of the test servers, once, in DIR (mode 700): random management passwords, and the TLS material
# of the secure listener, made with the JDK's keytool. Nothing in it is in the repository.
#   admin-password    the password of the management user hsmadmin (WildFly) and admin (Payara);
#   officer-password  the password of the second management user, hsmofficer, for dual control;
#   test.properties   both, as system properties of the test JVM (surefire's systemPropertiesFile);
#   password          the password of every key store below (one line);
#   server.p12        the listener's key and self-signed certificate (EC P-256, CN=localhost, IP 127.0.0.1);
#   trust.p12         the server certificate, for clients that verify the listener;
#   client.p12        the client key and certificate that the listener accepts;
#   clients.txt       the allowlist of the listener: the SHA-256 fingerprint of client.p12's certificate;
#   stranger.p12      a client key and certificate that the listener does not accept;
#   metrics-token     the bearer token /hsm/metrics asks for (hsm.metrics.tokenFile, HSM_METRICS_TOKENFILE).
# Usage: test-secrets.sh DIR
set -euo pipefail
dir=${1:?usage: test-secrets.sh DIR}
if [ -f "$dir/test.properties" ] && [ -f "$dir/metrics-token" ]; then
  exit 0
fi
keytool="${JAVA_HOME:+$JAVA_HOME/bin/}keytool"
mkdir -p "$dir"
chmod 700 "$dir"
umask 077
random_password() {
  head -c 24 /dev/urandom | base64 | tr -d '/+='
}
random_password > "$dir/password"
random_password > "$dir/admin-password"
random_password > "$dir/officer-password"
random_password > "$dir/metrics-token"
password=$(cat "$dir/password")
pair() {
  "$keytool" -genkeypair -alias key -keyalg EC -groupname secp256r1 -validity 3650 -dname "CN=$2" \
    ${3:+-ext "$3"} -storetype PKCS12 -keystore "$dir/$1.p12" -storepass:env HSM_TEST_TLS_PASSWORD >/dev/null 2>&1
}
export HSM_TEST_TLS_PASSWORD="$password"
pair server localhost "san=ip:127.0.0.1,dns:localhost"
pair client hsm-test-client
pair stranger hsm-test-stranger
"$keytool" -exportcert -alias key -keystore "$dir/server.p12" -storepass:env HSM_TEST_TLS_PASSWORD \
  -file "$dir/server.cer" >/dev/null 2>&1
"$keytool" -importcert -noprompt -alias server -file "$dir/server.cer" -storetype PKCS12 \
  -keystore "$dir/trust.p12" -storepass:env HSM_TEST_TLS_PASSWORD >/dev/null 2>&1
fingerprint=$("$keytool" -list -v -alias key -keystore "$dir/client.p12" -storepass:env HSM_TEST_TLS_PASSWORD \
  | sed -n 's/^[[:space:]]*SHA256: //p' | head -n 1)
if [ -z "$fingerprint" ]; then
  echo "test-secrets.sh: keytool printed no SHA256 fingerprint for $dir/client.p12" >&2
  exit 1
fi
echo "# hsm-test-client (client.p12)" > "$dir/clients.tmp"
echo "$fingerprint" >> "$dir/clients.tmp"
mv "$dir/clients.tmp" "$dir/clients.txt"
{
  echo "hsm.admin.password=$(cat "$dir/admin-password")"
  echo "hsm.officer.password=$(cat "$dir/officer-password")"
  echo "hsm.metrics.token=$(cat "$dir/metrics-token")"
} > "$dir/test.tmp"
mv "$dir/test.tmp" "$dir/test.properties"
echo "made the test servers' secrets in $dir"
