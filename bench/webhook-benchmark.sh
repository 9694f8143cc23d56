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
# Parameters are listed in src/test/java/io/quocrmbridge/bench/WebhookBenchmark.java.
#
# Exit status: 0 all requests answered 2xx and dry-run.jsonl verified, 1 errors or mismatch, 2 could not finish.
# Environment: BENCH_MAVEN_OFFLINE=1 builds with mvn -o; BENCH_JAVA_OPTS sets the load generator's JVM options.
# Only 127.0.0.1 is contacted: the bridge is started with BRIDGE_HOST=127.0.0.1 on free local ports.
set -euo pipefail

cd "$(dirname "$0")/.."
MVN=(mvn -B -q)
if [[ "${BENCH_MAVEN_OFFLINE:-0}" == "1" ]]; then
  MVN+=(-o)
fi
mkdir -p target/bench

# newer_than FILE PATH...: true when FILE is missing or any file under PATH... is newer than it
newer_than() {
  local marker=$1; shift
  [[ ! -e "$marker" ]] && return 0
  [[ -n "$(find "$@" -newer "$marker" -type f -print -quit 2>/dev/null)" ]]
}

JAR=target/quo-crm-bridge.jar
if newer_than "$JAR" pom.xml src/main; then
  echo "building $JAR ..."
  "${MVN[@]}" package -DskipTests
fi

BENCH_CLASS=target/test-classes/io/quocrmbridge/bench/WebhookBenchmark.class
if newer_than "$BENCH_CLASS" pom.xml src/main src/test; then
  echo "compiling test classes ..."
  "${MVN[@]}" test-compile
fi

CLASSPATH_FILE=target/bench/classpath.txt
if newer_than "$CLASSPATH_FILE" pom.xml; then
  echo "computing the test classpath ..."
  "${MVN[@]}" dependency:build-classpath -Dmdep.outputFile="$CLASSPATH_FILE" -Dmdep.includeScope=test
fi

# shellcheck disable=SC2086
exec java ${BENCH_JAVA_OPTS:--Xms256m -Xmx1g} \
  -cp "target/test-classes:target/classes:$(cat "$CLASSPATH_FILE")" \
  io.quocrmbridge.bench.WebhookBenchmark "$@"
