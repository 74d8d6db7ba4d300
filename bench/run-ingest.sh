#!/usr/bin/env bash
# Ingest throughput benchmark (see BENCHMARKS.md). Builds what it needs, then runs the benchmark program.
# Arguments are passed on, e.g.: bench/run-ingest.sh clients=8 seconds=20 warmup=5 rawRecords=1000000
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
mvn -B -ntp -q install -DskipTests -pl bench,ingest-service -am
mvn -B -ntp -q -f bench/pom.xml exec:java -Domnijourney.repo="$repo" -Dexec.args="$*"
