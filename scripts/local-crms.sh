#!/usr/bin/env bash
# Starts the test suite's Salesforce-shaped (127.0.0.1:18444) and HubSpot-shaped (127.0.0.1:18445) servers, to try
# the bridge without a CRM account, e.g. in another terminal:
#   CRM_TARGETS=salesforce,hubspot SALESFORCE_LOGIN_URL=http://127.0.0.1:18444 SALESFORCE_CLIENT_ID=demo \
#   SALESFORCE_CLIENT_SECRET=demo-secret HUBSPOT_BASE_URL=http://127.0.0.1:18445 HUBSPOT_TOKEN=pat-local-demo-token \
#   QUO_WEBHOOK_SECRETS=$SECRET java -jar target/quo-crm-bridge.jar
# Builds the test classes and their classpath first when needed (BENCH_MAVEN_OFFLINE=1 builds with mvn -o).
#   scripts/local-crms.sh [salesforce port] [hubspot port]
set -euo pipefail
cd "$(dirname "$0")/.."
MVN=(mvn -B -q)
if [[ "${BENCH_MAVEN_OFFLINE:-0}" == "1" ]]; then
  MVN+=(-o)
fi
mkdir -p target/bench
if [[ ! -e target/test-classes/io/quocrmbridge/tools/LocalCrms.class ]]; then
  "${MVN[@]}" test-compile
fi
CLASSPATH_FILE=target/bench/classpath.txt
if [[ ! -e "$CLASSPATH_FILE" || pom.xml -nt "$CLASSPATH_FILE" ]]; then
  "${MVN[@]}" dependency:build-classpath -Dmdep.outputFile="$CLASSPATH_FILE" -Dmdep.includeScope=test
fi
exec java -cp "target/test-classes:target/classes:$(cat "$CLASSPATH_FILE")" io.quocrmbridge.tools.LocalCrms "$@"
