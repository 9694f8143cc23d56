#!/usr/bin/env bash
# Contact backfill benchmark: 10,000 contacts from a local Quo API server (10 requests/s, 50 a page) into a local
# Salesforce with 50 ms latency, through the packaged jar; reports contacts/s, Salesforce API calls per 1,000
# contacts, peak RSS and CPU seconds (stdout and target/bench/backfill-benchmark.json).
#
# Run from the repository root:
#   bench/backfill-benchmark.sh
#   bench/backfill-benchmark.sh -Dbench.contacts=50000 -Dbench.salesforceLatencyMs=100
# Parameters, checks and targets: bench/README.md (and src/test/java/io/quocrmbridge/bench/BackfillBenchmark.java).
set -euo pipefail
exec "$(dirname "$0")/run-benchmark.sh" BackfillBenchmark "$@"
