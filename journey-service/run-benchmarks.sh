#!/usr/bin/env bash
# Journey benchmarks (programs, not tests). Usage:
#   journey-service/run-benchmarks.sh engine [seconds=20] [warmup=10]
#   BENCH_MONGO_HEAP=3g journey-service/run-benchmarks.sh timers [instances=100000] [threads=2] [batch=200]
#   BENCH_MONGO_HEAP=3g journey-service/run-benchmarks.sh consumer [people=20000] [preexisting=50000] \
#       [max-seconds=300] [rate=200] [paced-seconds=30] [timer-threads=0]
#   journey-service/run-benchmarks.sh due-query [completed=50000] [due=100] [idle-rounds=20]
# The consumer benchmark also starts a Kafka broker (test-support, its own JVM).
# Builds the module's test classes, then runs the program on the test class path; the wire-protocol MongoDB server
# is started by test-support in its own JVM and stopped when the program exits.
set -euo pipefail
cd "$(dirname "$0")/.."
which="${1:-engine}"; shift || true
case "$which" in
  engine) main=io.omnijourney.journey.bench.EngineThroughputBenchmark ;;
  timers) main=io.omnijourney.journey.bench.TimerThroughputBenchmark ;;
  consumer) main=io.omnijourney.journey.bench.ConsumerThroughputBenchmark ;;
  due-query) main=io.omnijourney.journey.bench.DueQueryBenchmark ;;
  *) echo "unknown benchmark '$which' (engine, timers, consumer or due-query)" >&2; exit 2 ;;
esac
# One reactor invocation: sibling modules resolve to their freshly built classes, not to ~/.m2 (never installed).
# Every module writes the same file; the last one written is journey-service's.
mvn -B -ntp -q -pl journey-service -am test-compile dependency:build-classpath -DskipTests \
  -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/journey-service/target/bench.classpath"
cp="journey-service/target/test-classes:journey-service/target/classes:$(cat journey-service/target/bench.classpath)"
# BENCH_MONGO_HEAP (e.g. 3g): run a MongoDB wire-protocol server of the benchmark's own with that heap (the timer
# benchmark's 100,000 instances do not fit the shared test server's 512 MB).
# BENCH_JAVA_OPTS: extra options for the benchmark's JVM (e.g. -XX:StartFlightRecording=filename=/tmp/j.jfr).
exec java -Xmx2g -Djava.util.logging.manager=org.jboss.logmanager.LogManager ${BENCH_JAVA_OPTS:-} \
  ${BENCH_MONGO_HEAP:+-Dbench.mongo.heap=$BENCH_MONGO_HEAP} -cp "$cp" "$main" "$@"
