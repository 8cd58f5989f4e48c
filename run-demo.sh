#!/usr/bin/env bash
# One-command local demo, no Docker needed: builds everything, unpacks the official Keycloak
# distribution (resolved by Maven), installs the extension and starts Keycloak on its embedded
# database with the demo organization "acme", fills it with 90 days of activity (actions and login
# history) through the real endpoints, starts the metrics exporter and, when `prometheus` is installed, a Prometheus scraping
# both. Then it keeps a trickle of live activity going. Needs a JDK 17+, Maven, curl and jq. Ctrl-C stops all.
set -euo pipefail
cd "$(dirname "$0")"

HTTP_PORT="${HTTP_PORT:-8080}"
MGMT_PORT="${MGMT_PORT:-9000}"
EXPORTER_PORT="${EXPORTER_PORT:-9850}"
PROMETHEUS_PORT="${PROMETHEUS_PORT:-9090}"
export KC_BOOTSTRAP_ADMIN_USERNAME="${KC_BOOTSTRAP_ADMIN_USERNAME:-admin}"
export KC_BOOTSTRAP_ADMIN_PASSWORD="${KC_BOOTSTRAP_ADMIN_PASSWORD:-admin}"
kc_url="http://localhost:${HTTP_PORT}"

mvn -B -q -DskipTests package
mvn -B -q -pl keycloak-extension dependency:unpack@unpack-keycloak
version=$(sed -n "s:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p" pom.xml)
kc="keycloak-extension/target/keycloak/keycloak-${version}"
run="target/demo"
mkdir -p "$run"
: >"$run/exporter.log"

rm -f "$kc"/providers/org-analytics-keycloak*.jar
cp keycloak-extension/target/org-analytics-keycloak.jar "$kc/providers/"
mkdir -p "$kc/data/import"
cp demo/acme-realm.json "$kc/data/import/"

pids=()
stop_all() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop_all EXIT INT TERM

echo "Starting Keycloak (log: $run/keycloak.log) ..."
# 91 days of max age lets the activity generator backdate actions and login history over the last 90 days.
"$kc/bin/kc.sh" start-dev --import-realm \
  --http-port="$HTTP_PORT" --http-management-port="$MGMT_PORT" \
  --health-enabled=true --metrics-enabled=true \
  --spi-realm-restapi-extension-org-analytics-max-age-days=91 >"$run/keycloak.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do
  curl -sf "http://localhost:${MGMT_PORT}/health/ready" >/dev/null 2>&1 && break
  kill -0 "${pids[0]}" 2>/dev/null || { echo "Keycloak exited; see $run/keycloak.log"; exit 1; }
  sleep 2
done
curl -sf "http://localhost:${MGMT_PORT}/health/ready" >/dev/null || { echo "Keycloak did not become ready"; exit 1; }

java demo/DemoActivity.java "$kc_url"

# DEMO_REALMS=N adds N empty organizations (org-001 ...) to see the page and the exporter with many realms.
for i in $(seq 1 "${DEMO_REALMS:-0}"); do
  token=$(curl -sf -d grant_type=password -d client_id=admin-cli -d "username=$KC_BOOTSTRAP_ADMIN_USERNAME" \
    -d "password=$KC_BOOTSTRAP_ADMIN_PASSWORD" "$kc_url/realms/master/protocol/openid-connect/token" | jq -r .access_token)
  curl -sf -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d "{\"realm\": \"$(printf 'org-%03d' "$i")\", \"enabled\": true}" "$kc_url/admin/realms" || true
done

# The exporter signs in as the README sets it up for any number of realms: a master-realm client made by
# metrics-exporter/exporter-client.sh (lightweight access tokens, view-org-analytics-totals + query-realms of every
# realm), exporting every realm it may view. docker-compose.yml uses the demo realm's own client instead.
exporter_secret=$(KEYCLOAK_URL="$kc_url" KEYCLOAK_ADMIN="$KC_BOOTSTRAP_ADMIN_USERNAME" \
  KEYCLOAK_ADMIN_PASSWORD="$KC_BOOTSTRAP_ADMIN_PASSWORD" metrics-exporter/exporter-client.sh 2>>"$run/exporter.log")
KEYCLOAK_URL="$kc_url" KEYCLOAK_REALM=master KEYCLOAK_CLIENT_ID=org-analytics-exporter \
  KEYCLOAK_CLIENT_SECRET="$exporter_secret" EXPORTER_REFRESH_INTERVAL=15 \
  EXPORTER_LISTEN="127.0.0.1:${EXPORTER_PORT}" \
  java -jar metrics-exporter/target/org-analytics-metrics-exporter.jar >>"$run/exporter.log" 2>&1 &
pids+=($!)

prometheus_line="  Prometheus:                 not installed (apt-get install prometheus), skipped"
if command -v prometheus >/dev/null; then
  cat >"$run/prometheus.yml" <<YAML
global:
  scrape_interval: 15s
scrape_configs:
  - job_name: keycloak
    metrics_path: /metrics
    static_configs: [{targets: ["localhost:${MGMT_PORT}"]}]
  - job_name: org-analytics-exporter
    static_configs: [{targets: ["localhost:${EXPORTER_PORT}"]}]
YAML
  prometheus --config.file="$run/prometheus.yml" --storage.tsdb.path="$run/prometheus-data" \
    --web.listen-address="127.0.0.1:${PROMETHEUS_PORT}" >"$run/prometheus.log" 2>&1 &
  pids+=($!)
  prometheus_line="  Prometheus:                 http://localhost:${PROMETHEUS_PORT}/graph?g0.expr=org_analytics_active_users"
fi

cat <<TEXT

  Keycloak admin console:     ${kc_url}/admin/   (admin / admin)
  Demo organization:          realm acme (alice/alice, bob/bob, carol/carol, dana/dana, ...)
  Org Analytics page:         ${kc_url}/realms/master/org-analytics/console/   (admin / admin, pick acme)
  Admin reports API:          ${kc_url}/admin/realms/acme/org-analytics/summary   (README, "Admin reports API")
  Keycloak metrics:           http://localhost:${MGMT_PORT}/metrics
  Metrics exporter:           http://localhost:${EXPORTER_PORT}/metrics
${prometheus_line}
  Logs:                       ${run}/

TEXT
java demo/DemoActivity.java "$kc_url" --live-only
