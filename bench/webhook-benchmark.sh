#!/usr/bin/env bash
# Webhook intake benchmark: sends N signed Quo webhooks at concurrency C to the packaged jar (dry-run target) on
# 127.0.0.1 and reports accepted events/s, p50/p90/p99/max acknowledgement latency, errors, peak RSS, CPU, drain
# time and end-to-end events/s. Results: stdout and target/bench/webhook-benchmark.json.
#
# Run from the repository root:
#   bench/webhook-benchmark.sh                                          # N=20000, C=32, 2000 warm-up requests
#   bench/webhook-benchmark.sh -Dbench.events=20000 -Dbench.concurrency=64
#   bench/webhook-benchmark.sh -Dbench.jfr=true                         # + JFR of the measured phase: target/bench/intake.jfr
#   bench/webhook-benchmark.sh "-Dbench.jvmOptions=-Xmx256m -XX:+UseSerialGC" -Dbench.env=BRIDGE_DISPATCH_THREADS=2
# Parameters, checks and targets: bench/README.md (and src/test/java/io/quocrmbridge/bench/WebhookBenchmark.java).
#
# Exit status: 0 all requests answered 2xx and dry-run.jsonl verified, 1 errors or mismatch, 2 could not finish.
# Environment: BENCH_MAVEN_OFFLINE=1 builds with mvn -o; BENCH_JAVA_OPTS sets the load generator's JVM options.
# Only 127.0.0.1 is contacted: the bridge is started with BRIDGE_HOST=127.0.0.1 on free local ports.
set -euo pipefail
exec "$(dirname "$0")/run-benchmark.sh" WebhookBenchmark "$@"
