#!/usr/bin/env bash
# End-to-end latency of the wishlist journey: ingest HTTP response -> email received by the SMTP sink.
# Usage: e2e-tests/run-latency.sh [warmup=60] [warmupRate=50,100,150] [seconds=120] [rates=200,1000 or 200:180,1000:30] [drain=120]
# LATENCY_BENCH_OPTS adds JVM options to the benchmark JVM, e.g. -Domnijourney.e2e.jvm-options.<service>=<options>.
# Packages the services and this module (no tests), then runs io.omnijourney.e2e.LatencyBench with the whole system
# in child JVMs. Results are printed; logs stay in e2e-tests/target/latency-bench-*/logs.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
mvn -B -ntp -q -pl e2e-tests -am package -DskipTests
exec java -Xmx512m -Domnijourney.repo.root="$ROOT" ${LATENCY_BENCH_OPTS:-} \
  -cp "$ROOT/e2e-tests/target/test-classes:$(cat "$ROOT/e2e-tests/target/bench.classpath")" \
  io.omnijourney.e2e.LatencyBench "$@"
