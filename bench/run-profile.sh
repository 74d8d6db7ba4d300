#!/usr/bin/env bash
# Profile-service throughput benchmark (see BENCHMARKS.md). Builds what it needs, then runs the benchmark program.
# Arguments are passed on, e.g.: bench/run-profile.sh events=200000 profiles=20000 bulk=500
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
mvn -B -ntp -q install -DskipTests -pl bench,profile-service -am
mvn -B -ntp -q -f bench/pom.xml exec:java -Dbench.main=io.omnijourney.bench.ProfileBenchmark \
  -Domnijourney.repo="$repo" -Dexec.args="$*"
