package io.omnijourney.profile.adapter.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.omnijourney.contract.Topics;
import io.omnijourney.contract.profile.ProfileEvent;
import io.omnijourney.contract.touchpoint.TouchpointCodec;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import io.omnijourney.kit.kafka.KafkaClientOverrides;
import io.omnijourney.kit.kafka.RestartingLoop;
import io.omnijourney.profile.app.BatchApplier;
import io.omnijourney.profile.app.Outcome;
import io.omnijourney.profile.app.ProfileSnapshots;
import io.omnijourney.profile.app.SuppressionList;
import io.omnijourney.profile.app.TimelineStore;
import io.omnijourney.profile.config.ProfileServiceConfig;
import io.omnijourney.profile.domain.ChannelStats;
import io.omnijourney.profile.domain.Identifier;
import io.omnijourney.profile.domain.Identifiers;
import io.omnijourney.profile.domain.Profile;
import io.omnijourney.profile.domain.ProfileConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
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
 * Consumes {@code touchpoints}: applies each to its profile, publishes the outcome on {@code profile-events}, and
 * commits a poll's offsets only after every profile write and every publication of it is durable. A record that can
 * never be processed (not a touchpoint, no usable identifier) goes to {@code touchpoints.dlq} with the reason in its
 * headers; a failure that is not the record's fault (MongoDB or the broker away) is retried from that record on.
 */
@ApplicationScoped
public class TouchpointConsumer {

    private static final Logger LOG = Logger.getLogger(TouchpointConsumer.class);
    public static final String DLQ_REASON = "dlq-reason";

    private final BatchApplier batches;
    private final Counter processed;
    private final TimelineStore timeline;
    private final SuppressionList suppressions;
    private final ProfileConfig profileConfig;
    private final Counter suppressed;
    private final KafkaProducers producers;
    private final ProfileEventPublisher publisher;
    private final ProfileServiceConfig config;
    private final String bootstrapServers;
    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;
    private final RestartingLoop loop = new RestartingLoop("touchpoint consumer", LOG, Duration.ofSeconds(1),
            Duration.ofSeconds(30));

    public TouchpointConsumer(BatchApplier batches, TimelineStore timeline,
            SuppressionList suppressions, ProfileConfig profileConfig, MeterRegistry registry, KafkaProducers producers,
            ProfileEventPublisher publisher, ProfileServiceConfig config,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.batches = batches;
        this.processed = Counter.builder("omnijourney.profile.touchpoints.processed")
                .description("Touchpoints consumed and committed (applied, duplicate, dead-lettered or suppressed)")
                .register(registry);
        registry.gauge("omnijourney.profile.touchpoints.batched", batches, BatchApplier::batched);
        registry.gauge("omnijourney.profile.touchpoints.one.by.one", batches, BatchApplier::oneByOne);
        this.timeline = timeline;
        this.suppressions = suppressions;
        this.profileConfig = profileConfig;
        this.suppressed = Counter.builder("omnijourney.profile.events.suppressed")
                .description("Touchpoints dropped because they carry an identifier of an erased profile")
                .register(registry);
        this.producers = producers;
        this.publisher = publisher;
        this.config = config;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * False once the consuming thread ended while it should be running, or when the consumer failed five times in a
     * row (it is started again after each failure, see {@link RestartingLoop}); true when consuming is off.
     */
    public boolean isHealthy() {
        return !running || (thread != null && thread.isAlive() && loop.consecutiveFailures() < 5);
    }

    void start(@Observes StartupEvent event) {
        if (!config.consumer().enabled()) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "touchpoint-consumer");
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
            kafka.subscribe(List.of(Topics.TOUCHPOINTS));
            while (running) {
                ConsumerRecords<String, byte[]> records = kafka.poll(Duration.ofMillis(500));
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

    /**
     * Applies the whole poll as one batch (see {@link BatchApplier}), records the timeline in bulk, publishes, and
     * commits only when all of it is durable. Any failure that is not a record's fault replays the whole poll, which
     * is idempotent on messageId.
     */
    private void processAndCommit(KafkaConsumer<String, byte[]> kafka, ConsumerRecords<String, byte[]> records) {
        try {
            List<Future<RecordMetadata>> sends = process(records);
            KafkaProducers.awaitAll(sends);
            Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
            for (TopicPartition partition : records.partitions()) {
                List<ConsumerRecord<String, byte[]>> list = records.records(partition);
                done.put(partition, new OffsetAndMetadata(list.get(list.size() - 1).offset() + 1));
            }
            kafka.commitSync(done);
            processed.increment(records.count());
        } catch (RuntimeException e) {
            LOG.warnf("poll of %d touchpoints not processed yet, replaying it: %s", records.count(), e.toString());
            for (TopicPartition partition : records.partitions()) {
                kafka.seek(partition, records.records(partition).get(0).offset());
            }
            pause();
        }
    }

    /** Applies a poll; returns the publications it started. Poison goes to the dead-letter topic. */
    private List<Future<RecordMetadata>> process(ConsumerRecords<String, byte[]> records) {
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        List<ConsumerRecord<String, byte[]>> sources = new ArrayList<>();
        List<TouchpointEvent> events = new ArrayList<>();
        List<List<Identifier>> identities = new ArrayList<>();
        Set<Identifier> lookup = new HashSet<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                TouchpointEvent event = TouchpointCodec.decode(record.value() == null ? new byte[0] : record.value());
                List<Identifier> identifiers = Identifiers.extract(event, profileConfig.identity()).lookupIdentifiers();
                sources.add(record);
                events.add(event);
                identities.add(identifiers);
                lookup.addAll(identifiers);
            } catch (IllegalArgumentException e) {
                sends.add(deadLetter(record, e.getMessage()));
            }
        }
        Set<Identifier> erased = suppressions.suppressedAmong(lookup);
        if (!erased.isEmpty()) {
            for (int i = events.size() - 1; i >= 0; i--) {
                if (identities.get(i).stream().anyMatch(erased::contains)) {
                    suppressed.increment();
                    sources.remove(i);
                    events.remove(i);
                }
            }
        }
        List<Outcome> outcomes = batches.apply(events);
        List<TimelineStore.Entry> entries = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            if (outcomes.get(i) instanceof Outcome.Applied applied) {
                entries.add(new TimelineStore.Entry(applied.profileId(), events.get(i)));
            }
        }
        timeline.recordAll(entries);
        trimTimelines(outcomes);
        for (int i = 0; i < events.size(); i++) {
            sends.addAll(publish(sources.get(i), events.get(i), outcomes.get(i)));
        }
        return sends;
    }

    /** Bounds a very active person's timeline: checked each time their event count passes a multiple of trim-every. */
    private void trimTimelines(List<Outcome> outcomes) {
        int max = config.timeline().maxEventsPerProfile();
        int every = config.timeline().trimEvery();
        for (Outcome outcome : outcomes) {
            if (outcome instanceof Outcome.Applied applied && !applied.duplicate()) {
                Profile profile = applied.state().profile();
                long count = profile.channels().values().stream().mapToLong(ChannelStats::count).sum();
                if (count > max && count % every == 0) {
                    List<String> ids = new ArrayList<>();
                    ids.add(profile.id());
                    profile.merges().forEach(m -> ids.add(m.fromProfileId()));
                    long trimmed = timeline.trim(ids, max);
                    LOG.debugf("timeline of %s trimmed by %d entries", profile.id(), trimmed);
                }
            }
        }
    }

    /** Published for duplicates too: a crash between the profile write and the publication must not lose it. */
    private List<Future<RecordMetadata>> publish(ConsumerRecord<String, byte[]> record, TouchpointEvent event,
            Outcome outcome) {
        if (outcome instanceof Outcome.Unattributable unattributable) {
            return List.of(deadLetter(record, "unattributable: no usable identifier " + unattributable.refusals()));
        }
        Outcome.Applied applied = (Outcome.Applied) outcome;
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        for (String loser : applied.mergedAway()) {
            sends.add(publisher.publish(ProfileEvent.merged(loser, applied.profileId(), event.messageId(),
                    event.receivedAt())));
        }
        sends.add(publisher.publish(ProfileEvent.touchpoint(applied.profileId(), event,
                ProfileSnapshots.of(applied.state().profile()))));
        applied.state().outboxOf(event.messageId()).forEach(entry -> sends.add(publisher.publish(entry)));
        return sends;
    }

    private Future<RecordMetadata> deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
        LOG.warnf("touchpoint at %s-%d@%d sent to %s: %s", record.topic(), record.partition(), record.offset(),
                Topics.TOUCHPOINTS_DLQ, reason.length() > 200 ? reason.substring(0, 200) : reason);
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8));
        }
        headers.put(DLQ_REASON, reason);
        headers.put("dlq-topic", record.topic());
        headers.put("dlq-partition", String.valueOf(record.partition()));
        headers.put("dlq-offset", String.valueOf(record.offset()));
        return producers.send(Topics.TOUCHPOINTS_DLQ, record.key(), record.value(), headers);
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
