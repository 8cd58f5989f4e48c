#!/usr/bin/env bash
# Creates (or updates) the metrics exporter's client in Keycloak's master realm, with the least roles,
# for any number of realms:
#   - a confidential client "org-analytics-exporter" with only the service account flow;
#   - lightweight access tokens (client attribute client.use.lightweight.access.token.enabled=true), so its
#     token names no role and stays the same size whatever the number of realms: a regular token grows by
#     about 70 bytes per realm and from about 80 realms Keycloak refuses every request with 431;
#   - on its service account, for every realm R (or the realms given as arguments): the role
#     "$EXPORTER_ROLE" (default view-org-analytics-totals) and query-realms of the master client "R-realm".
# Keycloak's admin API checks the roles of a client's service account in its database, not in the token,
# so the lightweight token is accepted everywhere the roles allow.
#
# Run it again after creating realms: it only adds what is missing and prints the client secret.
#
#   KEYCLOAK_URL=http://localhost:8080 KEYCLOAK_ADMIN=admin KEYCLOAK_ADMIN_PASSWORD=admin \
#     metrics-exporter/exporter-client.sh            # every realm
#   metrics-exporter/exporter-client.sh acme globex  # only these realms
#
# Needs bash, curl and jq. Prints only the secret on stdout (progress goes to stderr).
set -euo pipefail

KEYCLOAK_URL=${KEYCLOAK_URL:-http://localhost:8080}
KEYCLOAK_ADMIN=${KEYCLOAK_ADMIN:-admin}
KEYCLOAK_ADMIN_PASSWORD=${KEYCLOAK_ADMIN_PASSWORD:?set KEYCLOAK_ADMIN_PASSWORD (a master realm admin)}
CLIENT_ID=${EXPORTER_CLIENT_ID:-org-analytics-exporter}
# The one place that names the role the exporter holds in each realm.
EXPORTER_ROLE=${EXPORTER_ROLE:-view-org-analytics-totals}

# The admin token is kept in a file so that a refresh made inside $(api ...) (a subshell) is seen by the
# next call. Admin tokens live 60 s by default and, with hundreds of realms, one call in the master realm
# can take many seconds: every call takes a token younger than 20 s, and a 401 is retried once with a new one.
token_file=$(mktemp)
trap 'rm -f "$token_file"' EXIT
admin_token() { # [force]
  local now fetched_at=0
  now=$(date +%s)
  if [[ -s $token_file ]]; then read -r fetched_at _ <"$token_file"; fi
  if [[ ${1:-} == force ]] || (( now - fetched_at >= 20 )); then
    local token
    token=$(curl -sSf -d grant_type=password -d client_id=admin-cli --data-urlencode "username=$KEYCLOAK_ADMIN" \
      --data-urlencode "password=$KEYCLOAK_ADMIN_PASSWORD" "$KEYCLOAK_URL/realms/master/protocol/openid-connect/token" \
      | jq -r .access_token)
    printf '%s %s\n' "$now" "$token" >"$token_file"
  fi
  read -r _ TOKEN <"$token_file"
}
api() { # METHOD PATH [JSON]
  local body status attempt
  body=$(mktemp)
  for attempt in 1 2; do
    if (( attempt == 1 )); then admin_token; else admin_token force; fi
    local args=(-sS -o "$body" -w '%{http_code}' -X "$1" -H "Authorization: Bearer $TOKEN" "$KEYCLOAK_URL/admin/realms$2")
    if (( $# > 2 )); then args+=(-H 'Content-Type: application/json' -d "$3"); fi
    status=$(curl "${args[@]}")
    [[ $status == 401 ]] || break
  done
  if [[ $status != 2?? ]]; then
    echo "$1 /admin/realms$2 answered $status: $(head -c 500 "$body")" >&2
    rm -f "$body"
    return 1
  fi
  cat "$body"
  rm -f "$body"
}
urlenc() { jq -rn --arg s "$1" '$s|@uri'; }

client_json=$(jq -n --arg id "$CLIENT_ID" '{clientId: $id, name: "Org Analytics metrics exporter",
  publicClient: false, serviceAccountsEnabled: true, standardFlowEnabled: false, implicitFlowEnabled: false,
  directAccessGrantsEnabled: false, fullScopeAllowed: true,
  attributes: {"client.use.lightweight.access.token.enabled": "true"}}')
uuid=$(api GET "/master/clients?clientId=$(urlenc "$CLIENT_ID")" | jq -r '.[0].id // empty')
if [[ -z $uuid ]]; then
  api POST /master/clients "$client_json" >/dev/null
  uuid=$(api GET "/master/clients?clientId=$(urlenc "$CLIENT_ID")" | jq -r '.[0].id')
  echo "created client $CLIENT_ID" >&2
else
  # An existing client keeps its settings except the two this setup depends on.
  current=$(api GET "/master/clients/$uuid")
  api PUT "/master/clients/$uuid" "$(jq '.serviceAccountsEnabled = true
    | .attributes["client.use.lightweight.access.token.enabled"] = "true"' <<<"$current")" >/dev/null
  echo "updated client $CLIENT_ID (lightweight access tokens on)" >&2
fi
account=$(api GET "/master/clients/$uuid/service-account-user" | jq -r .id)

if (( $# > 0 )); then
  realms=("$@")
else
  mapfile -t realms < <(api GET "?briefRepresentation=true" | jq -r '.[].realm | select(. != "master")')
fi

# What the service account already holds, for every client at once: its direct mappings only. (The
# "available" role list computes every effective role through the composites and took about 8 s per
# realm at 500 realms; this one call and a few look-ups by name per missing realm stay cheap.)
held=$(api GET "/master/users/$account/role-mappings" | jq -c --arg role "$EXPORTER_ROLE" '
  [(.clientMappings // {}) | to_entries[] | select(any(.value.mappings[]; .name == $role))
   | select(any(.value.mappings[]; .name == "query-realms")) | .key]')
granted=0
for realm in "${realms[@]}"; do
  if jq -e --arg c "$realm-realm" 'index($c) != null' <<<"$held" >/dev/null; then
    continue
  fi
  managing=$(api GET "/master/clients?clientId=$(urlenc "$realm-realm")" | jq -r '.[0].id // empty')
  if [[ -z $managing ]]; then
    echo "no master client $realm-realm: is $realm a realm?" >&2
    exit 1
  fi
  # Granting a role the account already holds changes nothing, so both are posted together.
  role=$(api GET "/master/clients/$managing/roles/$(urlenc "$EXPORTER_ROLE")")
  query=$(api GET "/master/clients/$managing/roles/query-realms")
  roles=$(jq -nc --argjson a "$role" --argjson b "$query" '[$a, $b]')
  api POST "/master/users/$account/role-mappings/clients/$managing" "$roles" >/dev/null
  granted=$((granted + 1))
done
echo "roles $EXPORTER_ROLE and query-realms: granted in $granted of ${#realms[@]} realms" >&2

api GET "/master/clients/$uuid/client-secret" | jq -r .value
