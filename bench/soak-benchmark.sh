#!/usr/bin/env bash
# Soak benchmark: drives the packaged jar for N minutes (default 60) with mixed signed webhooks at a steady rate
# (contacts, calls with their follow-up events, texts, legacy and beta signatures, 5% bad requests) against a local
# Salesforce that fails 10% of its calls, with housekeeping running every minute; samples RSS, CPU, the store
# file, pending work and dead letters every 10 s, and at the end checks that every accepted event was written,
# dead-lettered or parked. Results: target/bench/soak-<time>.csv, .png (chart) and .json, and stdout.
#
# Run from the repository root:
#   bench/soak-benchmark.sh                         # 60 minutes at 100 events/s
#   bench/soak-benchmark.sh --minutes 3             # a short run
#   bench/soak-benchmark.sh --minutes 240 --rate 200 --crmFailureShare 0.2 -Dbench.env=CRM_BATCH_MAX_WAIT_MS=500
# Parameters ("--name value", "--name=value" or "-Dbench.name=value"), checks and output: bench/README.md (and
# src/test/java/io/quocrmbridge/bench/SoakBenchmark.java).
#
# Exit status: 0 drained and every accepted event accounted for, every request answered as its kind must be;
# 1 an accepted event unaccounted for (lost), a wrong answer, or not drained; 2 could not finish.
# Environment: BENCH_MAVEN_OFFLINE=1 builds with mvn -o; BENCH_JAVA_OPTS sets the load generator's JVM options.
# Only 127.0.0.1 is contacted: the bridge is started with BRIDGE_HOST=127.0.0.1 on free local ports.
set -euo pipefail

# "--name value" -> "--name=value"; everything else is passed as it is
args=()
while (( $# > 0 )); do
  if [[ "$1" == --* && "$1" != *=* && $# -ge 2 && "$2" != -* ]]; then
    args+=("$1=$2")
    shift 2
  else
    args+=("$1")
    shift
  fi
done
exec "$(dirname "$0")/run-benchmark.sh" SoakBenchmark ${args[@]+"${args[@]}"}
