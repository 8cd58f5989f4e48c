#!/usr/bin/env bash
# Runs a benchmark program against a real Keycloak with the extension (started by the test harness).
#   benchmarks/run.sh login    login throughput, listener enabled vs disabled (PostgreSQL);
#                              -Dbench.refresh=true: token refreshes instead of password logins (session activity)
#   benchmarks/run.sh ingest   action ingestion throughput, batches of 100 (PostgreSQL; -Dbench.organizations=N:
#                              users in N organizations take turns with users in none)
#   benchmarks/run.sh flood    other users' login latency while one user floods the action endpoint, vs unflooded (PostgreSQL)
#   benchmarks/run.sh api      admin reports API on generated data: 50,000 users, 10 million events (PostgreSQL;
#                              the load takes about 10 minutes; -Dbench.users=5000 -Dbench.events=200000 for a quick run)
#   benchmarks/run.sh realms   the metrics exporter at 500 realms with users and activity (PostgreSQL; -Dbench.realms=N,
#                              -Dbench.users=N, -Dbench.refreshes=N): refresh time, exporter memory, scrape time and size
# Extra -D options (bench.rounds, bench.seconds, bench.refresh, bench.threads, bench.floodThreads, bench.users, bench.events, it.db) are passed through.
set -euo pipefail
cd "$(dirname "$0")/.."
which="${1:?usage: benchmarks/run.sh login|ingest|flood|api|realms [-Dbench.rounds=N ...]}"; shift
case "$which" in
  login)  main=dev.orgalytics.bench.LoginOverheadBenchmark ;;
  ingest) main=dev.orgalytics.bench.ActionIngestBenchmark ;;
  flood)  main=dev.orgalytics.bench.FloodBenchmark ;;
  api)    main=dev.orgalytics.bench.ApiBenchmark ;;
  # Keycloak's realms cache (10,000 entries by default) is too small for 500 realms: see the README.
  realms) main=dev.orgalytics.exporter.bench.ManyRealmsBenchmark; module=metrics-exporter
          set -- -Dkeycloak.extraArgs=--cache-embedded-realms-max-count=200000 "$@" ;;
  *) echo "unknown benchmark: $which" >&2; exit 2 ;;
esac
version=$(sed -n "s:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p" pom.xml)
module="${module:-keycloak-extension}"
mvn -B -q -DskipTests install
mvn -B -q -pl keycloak-extension test-compile dependency:unpack@unpack-keycloak
mvn -B -q -pl "$module" test-compile
jar="$PWD/keycloak-extension/target/org-analytics-keycloak.jar"
home="$PWD/keycloak-extension/target/keycloak/keycloak-$version"
exporter="$PWD/metrics-exporter/target/org-analytics-metrics-exporter.jar"
# From the module directory: the harness keeps its logs and data under ./target.
cd "$module"
mvn -B -q exec:java -Dexec.classpathScope=test -Dexec.mainClass="$main" \
  -Dkeycloak.home="$home" -Dextension.jar="$jar" -Dexporter.jar="$exporter" \
  -Dit.db=postgres "$@"
