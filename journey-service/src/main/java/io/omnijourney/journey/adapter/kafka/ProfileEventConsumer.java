package io.omnijourney.journey.adapter.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.omnijourney.contract.ContractJson;
import io.omnijourney.contract.Topics;
import io.omnijourney.contract.profile.ProfileEvent;
import io.omnijourney.journey.app.JourneyRuntime;
import io.omnijourney.journey.app.OutboxFlusher;
import io.omnijourney.journey.app.Pending;
import io.omnijourney.journey.app.UnitOfWork;
import io.omnijourney.journey.config.JourneyServiceConfig;
import io.omnijourney.kit.kafka.KafkaClientOverrides;
import io.omnijourney.kit.kafka.RestartingLoop;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Consumes {@code profile-events} (keyed by profileId, so one person's events arrive in order): each poll's records
 * are handed in order to the {@link JourneyRuntime} within one {@link UnitOfWork}, whose instance writes carry their
 * messages in an outbox; the unit is committed in bulk, the poll's messages are then published, marked published,
 * and only then are the offsets committed. A record that is not a profile event goes to {@code profile-events.dlq}
 * with the reason in its headers; a failure that is not the record's fault (MongoDB or the broker away) replays the
 * poll, which is safe because handling is idempotent.
 */
@ApplicationScoped
public class ProfileEventConsumer {

    private static final Logger LOG = Logger.getLogger(ProfileEventConsumer.class);
    public static final String DLQ_REASON = "dlq-reason";
    private static final int MAX_IMMEDIATE_REPLAYS = 3;

    private final JourneyRuntime runtime;
    private final OutboxFlusher flusher;
    private final KafkaPublisher producer;
    private final JourneyServiceConfig config;
    private final String bootstrapServers;
    private final Counter processed;
    private final Counter deadLettered;
    private final Timer pollTimer;
    private volatile boolean running;
    /** Polls replayed in a row because an instance changed under them (only the consumer thread touches it). */
    private int conflicts;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;
    private final RestartingLoop loop = new RestartingLoop("profile-events consumer", LOG, Duration.ofSeconds(1),
            Duration.ofSeconds(30));

    public ProfileEventConsumer(JourneyRuntime runtime, OutboxFlusher flusher, KafkaPublisher producer,
            JourneyServiceConfig config, MeterRegistry registry,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.runtime = runtime;
        this.flusher = flusher;
        this.producer = producer;
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.processed = Counter.builder("omnijourney.journey.events.processed").register(registry);
        this.deadLettered = Counter.builder("omnijourney.journey.events.dead.lettered").register(registry);
        this.pollTimer = Timer.builder("omnijourney.journey.poll")
                .description("Time to handle one poll of profile-events, from records to committed offsets")
                .register(registry);
    }

    void start(@Observes @Priority(30) StartupEvent event) {
        if (!config.consumer().enabled()) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "profile-events-consumer");
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            thread.join(10_000);
        }
    }

    private void run() {
        loop.run(() -> running, this::consume);
    }

    private void consume() {
        try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(consumerProperties(), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer = kafka;
            kafka.subscribe(List.of(Topics.PROFILE_EVENTS));
            while (running) {
                ConsumerRecords<String, byte[]> records = kafka.poll(Duration.ofMillis(200));
                if (!records.isEmpty()) {
                    processAndCommit(kafka, records);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        }
    }

    /** Failures of the consumer in a row (it is started again after each, see {@link RestartingLoop}). */
    public int consecutiveFailures() {
        return loop.consecutiveFailures();
    }

    /**
     * A poll is one unit: its profile documents and their live instances are read in bulk, the records handled in
     * order (per partition, so per profile), the unit's writes committed in bulk, its messages published and marked
     * published, and only then the offsets committed. Any failure replays the whole poll, which is safe because
     * handling is idempotent (deterministic ids, conditional writes, outboxes).
     */
    private void processAndCommit(KafkaConsumer<String, byte[]> kafka, ConsumerRecords<String, byte[]> records) {
        long started = System.nanoTime();
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        Map<String, Pending> pending = new LinkedHashMap<>();
        List<Future<RecordMetadata>> deadLetters = new ArrayList<>();
        List<ProfileEvent> events = new ArrayList<>();
        for (TopicPartition partition : records.partitions()) {
            for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
                ProfileEvent event = decode(record, deadLetters);
                if (event != null) {
                    events.add(event);
                }
                done.put(partition, new OffsetAndMetadata(record.offset() + 1));
            }
        }
        try {
            UnitOfWork unit = runtime.deferredUnit();
            runtime.prefetch(events, unit);
            for (ProfileEvent event : events) {
                process(event, unit, pending);
            }
            unit.commit();
            // The latest outbox of an instance includes its earlier pending messages: publish each message once.
            flusher.flush(List.copyOf(pending.values()));
            KafkaPublisher.awaitAll(deadLetters);
            kafka.commitSync(done);
            processed.increment(events.size());
            conflicts = 0;
        } catch (UnitOfWork.ConcurrentChangeException e) {
            // A timer fired on one of the poll's instances meanwhile: replay at once, the next read sees its write.
            LOG.debugf("an instance changed under the poll, replaying it: %s", e.getMessage());
            replay(kafka, records);
            if (++conflicts > MAX_IMMEDIATE_REPLAYS) {
                pause();
            }
        } catch (RuntimeException e) {
            LOG.warnf("profile events not processed yet, replaying the poll: %s", e.toString());
            replay(kafka, records);
            pause();
        } finally {
            pollTimer.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    private static void replay(KafkaConsumer<String, byte[]> kafka, ConsumerRecords<String, byte[]> records) {
        for (TopicPartition partition : records.partitions()) {
            kafka.seek(partition, records.records(partition).get(0).offset());
        }
    }

    private ProfileEvent decode(ConsumerRecord<String, byte[]> record, List<Future<RecordMetadata>> deadLetters) {
        try {
            return ContractJson.decode(record.value() == null ? new byte[0] : record.value(), ProfileEvent.class);
        } catch (IllegalArgumentException e) {
            deadLetters.add(deadLetter(record, e.getMessage()));
            return null;
        }
    }

    private void process(ProfileEvent event, UnitOfWork unit, Map<String, Pending> pending) {
        if (event.kind() == io.omnijourney.contract.profile.ProfileEventKind.PROFILE_ERASED) {
            // Messages of this poll not yet published for the erased profile must not go out after its erasure.
            pending.values().removeIf(p -> p.messages().stream().anyMatch(m -> event.profileId().equals(m.key())));
        }
        for (Pending p : runtime.handle(event, unit)) {
            pending.put(p.instanceId(), p);
        }
    }

    private Future<RecordMetadata> deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
        deadLettered.increment();
        LOG.warnf("profile event at %s-%d@%d sent to %s: %s", record.topic(), record.partition(), record.offset(),
                Topics.PROFILE_EVENTS_DLQ, reason.length() > 200 ? reason.substring(0, 200) : reason);
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8));
        }
        headers.put(DLQ_REASON, reason);
        headers.put("dlq-topic", record.topic());
        headers.put("dlq-partition", String.valueOf(record.partition()));
        headers.put("dlq-offset", String.valueOf(record.offset()));
        return producer.send(Topics.PROFILE_EVENTS_DLQ, record.key(), record.value(), headers);
    }

    private void pause() {
        try {
            Thread.sleep(config.consumer().retryBackoff().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Properties consumerProperties() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.consumer().groupId());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.consumer().maxPollRecords());
        return KafkaClientOverrides.consumer(props);
    }
}
