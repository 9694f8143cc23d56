#!/usr/bin/env bash
# Runs one benchmark class of src/test/java/io/quocrmbridge/bench against the packaged jar:
#   bench/run-benchmark.sh <ClassName> [parameters...]
# Builds target/quo-crm-bridge.jar and the test classes when they are missing or older than the sources, computes the
# test classpath once, then runs the class with the load generator's JVM options (BENCH_JAVA_OPTS).
# BENCH_MAVEN_OFFLINE=1 builds with mvn -o. Only 127.0.0.1 is contacted.
set -euo pipefail

cd "$(dirname "$0")/.."
CLASS=${1:?usage: bench/run-benchmark.sh <ClassName> [parameters...]}
shift
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

BENCH_CLASS=target/test-classes/io/quocrmbridge/bench/$CLASS.class
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
  "io.quocrmbridge.bench.$CLASS" "$@"
