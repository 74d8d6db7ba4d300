package io.omnijourney.profile.adapter.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.omnijourney.contract.ContractJson;
import io.omnijourney.contract.Topics;
import io.omnijourney.contract.cloudevents.CloudEventHeaders;
import io.omnijourney.contract.profile.ProfileEvent;
import io.omnijourney.contract.touchpoint.TouchpointCodec;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import io.omnijourney.profile.app.Outcome;
import io.omnijourney.profile.app.ProfileResolver;
import io.omnijourney.profile.app.ProfileSnapshots;
import io.omnijourney.profile.app.ProfileStore;
import io.omnijourney.profile.app.StoredProfile;
import io.omnijourney.profile.app.SuppressionList;
import io.omnijourney.profile.app.TimelineStore;
import io.omnijourney.profile.domain.Identifiers;
import io.omnijourney.profile.domain.ProfileConfig;
import io.omnijourney.profile.config.ProfileServiceConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
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
 * Consumes {@code touchpoints}: applies each to its profile, publishes the outcome on {@code profile-events}, and
 * commits a poll's offsets only after every profile write and every publication of it is durable. A record that can
 * never be processed (not a touchpoint, no usable identifier) goes to {@code touchpoints.dlq} with the reason in its
 * headers; a failure that is not the record's fault (MongoDB or the broker away) is retried from that record on.
 */
@ApplicationScoped
public class TouchpointConsumer {

    private static final Logger LOG = Logger.getLogger(TouchpointConsumer.class);
    public static final String DLQ_REASON = "dlq-reason";

    private final ProfileResolver resolver;
    private final ProfileStore store;
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

    public TouchpointConsumer(ProfileResolver resolver, ProfileStore store, TimelineStore timeline,
            SuppressionList suppressions, ProfileConfig profileConfig, MeterRegistry registry, KafkaProducers producers,
            ProfileEventPublisher publisher, ProfileServiceConfig config, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.resolver = resolver;
        this.store = store;
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
        } catch (RuntimeException e) {
            LOG.error("touchpoint consumer stopped", e);
        }
    }

    private void processAndCommit(KafkaConsumer<String, byte[]> kafka, ConsumerRecords<String, byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        for (TopicPartition partition : records.partitions()) {
            for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
                try {
                    sends.addAll(process(record));
                    done.put(partition, new OffsetAndMetadata(record.offset() + 1));
                } catch (RuntimeException e) {
                    LOG.warnf("touchpoint at %s@%d not processed yet, retrying: %s", partition, record.offset(),
                            e.toString());
                    kafka.seek(partition, record.offset());
                    pause();
                    break;
                }
            }
        }
        try {
            KafkaProducers.awaitAll(sends);
            if (!done.isEmpty()) {
                kafka.commitSync(done);
            }
        } catch (RuntimeException e) {
            // Nothing of this poll is committed: replay it whole (profile writes are idempotent on messageId).
            LOG.warnf("publishing or committing failed, replaying the poll: %s", e.toString());
            for (TopicPartition partition : records.partitions()) {
                kafka.seek(partition, records.records(partition).get(0).offset());
            }
            pause();
        }
    }

    /** Applies one record; returns the publications it started. Poison goes to the dead-letter topic. */
    private List<Future<RecordMetadata>> process(ConsumerRecord<String, byte[]> record) {
        TouchpointEvent event;
        try {
            event = TouchpointCodec.decode(record.value() == null ? new byte[0] : record.value());
        } catch (IllegalArgumentException e) {
            return List.of(deadLetter(record, e.getMessage()));
        }
        if (suppressions.anySuppressed(Identifiers.extract(event, profileConfig.identity()).lookupIdentifiers())) {
            suppressed.increment();
            return List.of();
        }
        Outcome outcome = resolver.apply(event);
        if (outcome instanceof Outcome.Unattributable unattributable) {
            return List.of(deadLetter(record, "unattributable: no usable identifier " + unattributable.refusals()));
        }
        Outcome.Applied applied = (Outcome.Applied) outcome;
        timeline.record(applied.profileId(), event);
        // Published for duplicates too: a crash between the profile write and the publication must not lose it;
        // consumers deduplicate on the event id.
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        for (String loser : applied.mergedAway()) {
            sends.add(publisher.publish(ProfileEvent.merged(loser, applied.profileId(), event.messageId(),
                    event.receivedAt())));
        }
        StoredProfile profile = applied.state();
        sends.add(publisher.publish(ProfileEvent.touchpoint(applied.profileId(), event,
                ProfileSnapshots.of(profile.profile()))));
        profile.outboxOf(event.messageId()).forEach(entry -> sends.add(publisher.publish(entry)));
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
        return props;
    }
}
