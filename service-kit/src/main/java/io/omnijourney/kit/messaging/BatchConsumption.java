package io.omnijourney.kit.messaging;

import io.omnijourney.kit.logging.LogSafe;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.context.Scope;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

/**
 * The one failure policy of every Kafka consumer. A consumer is an {@code @Incoming} method that receives a poll as a
 * batch and hands it here with its {@link UnitHandler}:
 *
 * <pre>
 * &#64;Incoming("touchpoints") &#64;Blocking
 * public CompletionStage&lt;Void&gt; consume(KafkaRecordBatch&lt;String, byte[]&gt; batch) {
 *     return consumption.consume("touchpoints", batch, intake::apply);
 * }
 * </pre>
 *
 * <ul>
 *   <li>The whole poll is one unit; once its effects are durable the batch is acknowledged and the connector commits
 *   its offsets (throttled commit strategy). Records the handler rejected go to the dead-letter topic first.</li>
 *   <li>An outage (MongoDB or the broker unreachable or timing out, see {@link Failures}) pauses the consumer: the
 *   unit is tried again after a pause that doubles up to {@code outage-backoff-max}, for as long as it takes;
 *   readiness is DOWN meanwhile; nothing is dead-lettered.</li>
 *   <li>A failure that may be the records' own is retried {@code max-attempts} times; then the unit is split in two
 *   halves, each applied on its own (and split again while it fails), so that the records that fail alone are
 *   isolated: each is tried {@code max-attempts} times, then goes to the dead-letter topic with the reason, the
 *   exception class, its topic, partition and offset in headers, and the rest of the batch is applied in order.</li>
 *   <li>A unit that asks to be retried later is tried again after a pause, without counting.</li>
 * </ul>
 *
 * On shutdown a unit waiting out an outage is abandoned unacknowledged: its records come again to the next consumer.
 */
@ApplicationScoped
public class BatchConsumption {

    private static final Logger LOG = Logger.getLogger(BatchConsumption.class);
    /** The consumer group that dead-lettered a record: the replay re-publishes only its own group's records. */
    public static final String DEAD_LETTER_GROUP = "dead-letter-group";
    private static final int IMMEDIATE_RETRY_LATER = 3;

    private final MessagingConfig config;
    private final MeterRegistry registry;
    private final Config mpConfig;
    private final Map<String, ConsumerState> states = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    public BatchConsumption(MessagingConfig config, MeterRegistry registry, Config mpConfig) {
        this.config = config;
        this.registry = registry;
        this.mpConfig = mpConfig;
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    /** The state of every consumer that has run, for health checks. */
    public Collection<ConsumerState> states() {
        return states.values();
    }

    /** The state of a channel's consumer (created on first use). */
    public ConsumerState state(String channel) {
        return states.computeIfAbsent(channel, c -> new ConsumerState(c, registry));
    }

    /**
     * Applies a poll under the failure policy and returns the acknowledgement of the batch; an incomplete stage when
     * the service stops while the unit waits out an outage (nothing is acknowledged, the records come again).
     */
    public CompletionStage<Void> consume(String channel, KafkaRecordBatch<String, byte[]> batch,
            UnitHandler handler) {
        ConsumerState state = state(channel);
        List<InRecord> records = new ArrayList<>(batch.getRecords().size());
        for (KafkaRecord<String, byte[]> record : batch.getRecords()) {
            records.add(new InRecord(record));
        }
        state.unitStarted();
        List<Unit.Rejection> rejections = apply(state, records, handler, true);
        if (rejections == null || !deadLetter(state, rejections)) {
            return new CompletableFuture<>();
        }
        state.unitDone(records.size());
        return batch.ack();
    }

    /** The unit's rejections once it is applied; null when the service is stopping. */
    private List<Unit.Rejection> apply(ConsumerState state, List<InRecord> records, UnitHandler handler,
            boolean whole) {
        int attempts = whole || records.size() == 1 ? config.maxAttempts() : 1;
        int failures = 0;
        int retryLater = 0;
        Duration outagePause = config.outageBackoff();
        while (!stopping) {
            Unit unit = new Unit(records);
            Throwable failure = attempt(unit, handler);
            if (failure == null) {
                if (state.inOutage()) {
                    LOG.infof("%s consumer resumed after the outage", state.channel());
                }
                state.outageEnded();
                return unit.rejections();
            }
            switch (Failures.classify(failure)) {
                case OUTAGE -> {
                    if (!state.inOutage()) {
                        LOG.warnf("%s consumer paused by an outage, retrying until it ends: %s", state.channel(),
                                LogSafe.text(failure));
                    }
                    state.outage(failure);
                    if (!pause(outagePause)) {
                        return null;
                    }
                    outagePause = min(outagePause.multipliedBy(2), config.outageBackoffMax());
                }
                case RETRY_LATER -> {
                    state.outageEnded();
                    state.laterRetry();
                    if (++retryLater > IMMEDIATE_RETRY_LATER && !pause(config.retryBackoff())) {
                        return null;
                    }
                }
                case RECORD -> {
                    state.outageEnded();
                    if (++failures < attempts) {
                        state.recordRetry();
                        LOG.debugf(failure, "%s: %d records failed (attempt %d of %d)", state.channel(),
                                records.size(), failures, attempts);
                        if (!pause(config.retryBackoff())) {
                            return null;
                        }
                    } else if (records.size() == 1) {
                        return List.of(new Unit.Rejection(records.get(0), failure));
                    } else {
                        return isolate(state, records, handler, failure);
                    }
                }
            }
        }
        return null;
    }

    /** Splits a failing unit in halves applied in order, so that only the records failing alone are rejected. */
    private List<Unit.Rejection> isolate(ConsumerState state, List<InRecord> records, UnitHandler handler,
            Throwable failure) {
        state.isolated();
        LOG.warnf("%s: a unit of %d records from %s failed %d times (%s); isolating the records at fault",
                state.channel(), records.size(), records.get(0).position(), config.maxAttempts(), LogSafe.text(failure));
        int half = records.size() / 2;
        List<Unit.Rejection> left = apply(state, records.subList(0, half), handler, false);
        if (left == null) {
            return null;
        }
        List<Unit.Rejection> right = apply(state, records.subList(half, records.size()), handler, false);
        if (right == null) {
            return null;
        }
        List<Unit.Rejection> all = new ArrayList<>(left);
        all.addAll(right);
        return all;
    }

    /** Runs the handler once; returns its failure, or null. A lone record runs in its own trace (logs carry it). */
    private static Throwable attempt(Unit unit, UnitHandler handler) {
        try (Scope scope = unit.records().size() == 1 ? unit.records().get(0).trace().makeCurrent() : null) {
            handler.handle(unit);
            return null;
        } catch (StackOverflowError e) {
            return e; // a record nested too deeply: its own fault
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return e;
        }
    }

    /** Sends the rejected records to their dead-letter topic; false when the service stops before it could. */
    private boolean deadLetter(ConsumerState state, List<Unit.Rejection> rejections) {
        Duration outagePause = config.outageBackoff();
        for (Unit.Rejection rejection : rejections) {
            InRecord record = rejection.record();
            while (true) {
                if (stopping) {
                    return false;
                }
                try (Scope scope = record.trace().makeCurrent()) {
                    record.kafkaRecord().nack(rejection.reason(), deadLetterMetadata(state))
                            .toCompletableFuture().get(config.ackTimeout().toMillis(), TimeUnit.MILLISECONDS);
                    state.deadLettered();
                    LOG.warnf("%s: record at %s sent to the dead-letter topic: %s", state.channel(),
                            record.position(), LogSafe.text(rejection.reason()));
                    break;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                } catch (Exception e) {
                    state.outage(e);
                    LOG.warnf("%s: dead-lettering %s failed, retrying: %s", state.channel(), record.position(),
                            LogSafe.text(e));
                    if (!pause(outagePause)) {
                        return false;
                    }
                    outagePause = min(outagePause.multipliedBy(2), config.outageBackoffMax());
                }
            }
        }
        state.outageEnded();
        return true;
    }

    private Metadata deadLetterMetadata(ConsumerState state) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(DEAD_LETTER_GROUP, groupOf(state.channel()).getBytes(StandardCharsets.UTF_8));
        return Metadata.of(OutgoingKafkaRecordMetadata.builder().withHeaders(headers).build());
    }

    /** The consumer group of an incoming channel, as configured. */
    public String groupOf(String channel) {
        return mpConfig.getOptionalValue("mp.messaging.incoming." + channel + ".group.id", String.class).orElse("");
    }

    /** Sleeps, waking up for a shutdown; false when the wait was cut short by one or by an interrupt. */
    private boolean pause(Duration pause) {
        long until = System.nanoTime() + pause.toNanos();
        try {
            while (!stopping && System.nanoTime() < until) {
                Thread.sleep(Math.max(1, Math.min(100, (until - System.nanoTime()) / 1_000_000)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return !stopping;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
