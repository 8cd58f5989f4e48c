#!/usr/bin/env bash
# One-command local demo: builds the provider, unpacks the official Keycloak distribution (resolved by
# Maven), installs the jar and starts Keycloak on its embedded database with the demo realm "acme".
# Needs only a JDK 17+ and Maven. Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")"

HTTP_PORT="${HTTP_PORT:-8080}"
MGMT_PORT="${MGMT_PORT:-9000}"

mvn -B -q -DskipTests package
mvn -B -q -pl keycloak-extension dependency:unpack@unpack-keycloak
version=$(sed -n "s:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p" pom.xml)
kc="keycloak-extension/target/keycloak/keycloak-${version}"

rm -f "$kc"/providers/org-analytics-keycloak*.jar
cp keycloak-extension/target/org-analytics-keycloak.jar "$kc/providers/"
mkdir -p "$kc/data/import"
cp demo/acme-realm.json "$kc/data/import/"

cat <<TEXT

  Keycloak (admin / admin):   http://localhost:${HTTP_PORT}/admin/
  Demo realm:                 acme (users alice/alice, bob/bob, carol/carol)
  Record an action:           see README.md, "Record user actions"
  Health:                     http://localhost:${MGMT_PORT}/health/ready

TEXT
export KC_BOOTSTRAP_ADMIN_USERNAME="${KC_BOOTSTRAP_ADMIN_USERNAME:-admin}"
export KC_BOOTSTRAP_ADMIN_PASSWORD="${KC_BOOTSTRAP_ADMIN_PASSWORD:-admin}"
exec "$kc/bin/kc.sh" start-dev --import-realm \
  --http-port="$HTTP_PORT" --http-management-port="$MGMT_PORT" \
  --health-enabled=true --metrics-enabled=true
