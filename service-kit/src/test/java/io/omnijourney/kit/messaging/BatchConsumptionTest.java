package io.omnijourney.kit.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoSocketReadException;
import com.mongodb.ServerAddress;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.commit.KafkaCommitHandler;
import io.smallrye.reactive.messaging.kafka.fault.KafkaFailureHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.junit.jupiter.api.Test;

/** The consumer failure policy, driven with real connector record and batch objects and a scripted handler. */
class BatchConsumptionTest {

    private final List<Long> acked = new CopyOnWriteArrayList<>();
    private final Map<Long, Throwable> deadLettered = Collections.synchronizedMap(new HashMap<>());
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final BatchConsumption consumption = new BatchConsumption(config(3), registry,
            new SmallRyeConfigBuilder().build());

    @Test
    void aBatchThatAppliesIsAcknowledgedOnceWithNothingDeadLettered() throws Exception {
        List<String> applied = new ArrayList<>();
        consumption.consume("in", batch(0, 1, 2), unit -> unit.records().forEach(r -> applied.add(value(r))))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertThat(applied).containsExactly("v0", "v1", "v2");
        assertThat(acked).containsExactly(2L);
        assertThat(deadLettered).isEmpty();
        assertThat(counter("omnijourney.consumer.records")).isEqualTo(3);
    }

    @Test
    void aRecordThatFailsOnItsOwnIsIsolatedAndTheRestAppliedInOrder() throws Exception {
        List<String> applied = new ArrayList<>();
        consumption.consume("in", batch(0, 1, 2, 3, 4, 5, 6), unit -> {
            if (unit.records().stream().anyMatch(r -> r.offset() == 4)) {
                throw new ArithmeticException("long overflow");
            }
            unit.records().forEach(r -> applied.add(value(r)));
        }).toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertThat(applied).containsExactly("v0", "v1", "v2", "v3", "v5", "v6");
        assertThat(deadLettered).containsOnlyKeys(4L);
        assertThat(deadLettered.get(4L)).isInstanceOf(ArithmeticException.class).hasMessage("long overflow");
        assertThat(acked).containsExactly(6L);
        assertThat(counter("omnijourney.consumer.dead.lettered")).isEqualTo(1);
        assertThat(counter("omnijourney.consumer.isolated.batches")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aRejectedRecordGoesToTheDeadLetterTopicWithoutRetries() throws Exception {
        int[] calls = {0};
        consumption.consume("in", batch(0, 1), unit -> {
            calls[0]++;
            unit.reject(unit.records().get(0), "not a touchpoint");
        }).toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertThat(calls[0]).isEqualTo(1);
        assertThat(deadLettered.get(0L)).hasMessage("not a touchpoint");
        assertThat(acked).containsExactly(1L);
    }

    @Test
    void aRecordThatDoesNotDecodeIsRejectedAsPoisonAndTheOthersAreDecodedInOrder() throws Exception {
        List<String> decoded = new ArrayList<>();
        consumption.consume("in", batch(0, 1, 2), unit -> unit.decode(value -> {
            String text = new String(value, StandardCharsets.UTF_8);
            if (text.equals("v1")) {
                throw new IllegalArgumentException("not an event");
            }
            return text;
        }).forEach(d -> decoded.add(d.record().offset() + "=" + d.value())))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertThat(decoded).containsExactly("0=v0", "2=v2");
        assertThat(deadLettered.get(1L)).hasMessage("poison: not an event");
        assertThat(acked).containsExactly(2L);
    }

    @Test
    void anOutageIsWaitedOutWithoutDeadLetteringAndReportedUntilItEnds() throws Exception {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean serverBack = new java.util.concurrent.atomic.AtomicBoolean();
        CompletableFuture<Void> done = CompletableFuture.runAsync(() -> consumption.consume("in", batch(0, 1, 2),
                unit -> {
                    calls.incrementAndGet();
                    if (!serverBack.get()) {
                        throw new MongoSocketReadException("server paused", new ServerAddress());
                    }
                }).toCompletableFuture().join());

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> consumption.state("in").inOutage() && calls.get() > 5);
        assertThat(done).isNotDone();
        assertThat(deadLettered).isEmpty();
        serverBack.set(true);
        done.get(10, TimeUnit.SECONDS);

        assertThat(calls.get()).isGreaterThan(6);
        assertThat(deadLettered).isEmpty();
        assertThat(acked).containsExactly(2L);
        assertThat(consumption.state("in").inOutage()).isFalse();
    }

    @Test
    void aUnitThatAsksToWaitIsRetriedWithoutCountingTowardsIsolation() throws Exception {
        int[] calls = {0};
        consumption.consume("in", batch(0), unit -> {
            if (++calls[0] <= 5) {
                throw new RetryLaterException("held by another instance");
            }
        }).toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(calls[0]).isEqualTo(6);
        assertThat(deadLettered).isEmpty();
        assertThat(acked).containsExactly(0L);
    }

    @Test
    void aFailureOnlyOnTheFirstAttemptIsRetriedAndNothingIsIsolated() throws Exception {
        int[] calls = {0};
        consumption.consume("in", batch(0, 1), unit -> {
            if (++calls[0] == 1) {
                throw new IllegalStateException("flaky once");
            }
        }).toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertThat(calls[0]).isEqualTo(2);
        assertThat(deadLettered).isEmpty();
        assertThat(counter("omnijourney.consumer.isolated.batches")).isZero();
        assertThat(counter("omnijourney.consumer.retries")).isEqualTo(1);
    }

    @Test
    void outagesRetriesAndRecordFailuresAreToldApart() {
        assertThat(Failures.classify(new RuntimeException("wrapped",
                new MongoSocketReadException("x", new ServerAddress())))).isEqualTo(Failures.Kind.OUTAGE);
        assertThat(Failures.classify(new org.apache.kafka.common.errors.TimeoutException("no ack")))
                .isEqualTo(Failures.Kind.OUTAGE);
        assertThat(Failures.classify(new RecordPublisher.PublishException("no ack",
                new org.apache.kafka.common.errors.NotLeaderOrFollowerException("moved"))))
                .isEqualTo(Failures.Kind.OUTAGE);
        assertThat(Failures.classify(new RetryLaterException("busy"))).isEqualTo(Failures.Kind.RETRY_LATER);
        assertThat(Failures.classify(new ArithmeticException("long overflow"))).isEqualTo(Failures.Kind.RECORD);
        assertThat(Failures.classify(new org.apache.kafka.common.errors.RecordTooLargeException("big")))
                .isEqualTo(Failures.Kind.RECORD);
    }

    @Test
    void aStoredTraceparentNamesTheSameTraceAgain() {
        String parent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        assertThat(Tracing.traceparent(Tracing.fromTraceparent(parent))).isEqualTo(parent);
        assertThat(Tracing.traceparent(Tracing.fromTraceparent("garbage"))).isNull();
        assertThat(Tracing.traceparent(Tracing.fromTraceparent(null))).isNull();
    }

    private double counter(String name) {
        return registry.find(name).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private static String value(InRecord record) {
        return new String(record.value(), StandardCharsets.UTF_8);
    }

    private IncomingKafkaRecordBatch<String, byte[]> batch(long... offsets) {
        TopicPartition partition = new TopicPartition("in", 0);
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        for (long offset : offsets) {
            records.add(new ConsumerRecord<>("in", 0, offset, "key-" + offset,
                    ("v" + offset).getBytes(StandardCharsets.UTF_8)));
        }
        KafkaCommitHandler commits = new KafkaCommitHandler() {
            @Override
            public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record) {
                acked.add(record.getOffset());
                return Uni.createFrom().voidItem();
            }
        };
        KafkaFailureHandler failures = new KafkaFailureHandler() {
            @Override
            public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record, Throwable reason, Metadata metadata) {
                deadLettered.put(record.getOffset(), reason);
                return Uni.createFrom().voidItem();
            }
        };
        return new IncomingKafkaRecordBatch<>(new ConsumerRecords<>(Map.of(partition, records), Map.of()), "in", -1,
                commits, failures, false, false);
    }

    private static MessagingConfig config(int attempts) {
        return new MessagingConfig() {
            public int maxAttempts() {
                return attempts;
            }

            public Duration retryBackoff() {
                return Duration.ofMillis(1);
            }

            public Duration outageBackoff() {
                return Duration.ofMillis(5);
            }

            public Duration outageBackoffMax() {
                return Duration.ofMillis(20);
            }

            public Duration stallTimeout() {
                return Duration.ofMinutes(5);
            }

            public Duration ackTimeout() {
                return Duration.ofSeconds(5);
            }

            public int replayMaxRecords() {
                return 100;
            }
        };
    }
}
