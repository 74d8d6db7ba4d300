package io.omnijourney.notification.adapter.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.omnijourney.contract.ContractJson;
import io.omnijourney.contract.Topics;
import io.omnijourney.contract.cloudevents.CloudEventHeaders;
import io.omnijourney.contract.notification.NotificationRequest;
import io.omnijourney.contract.touchpoint.TouchpointCodec;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import io.omnijourney.notification.app.DeliveryService;
import io.omnijourney.notification.app.LedgerEntry;
import io.omnijourney.notification.app.OutcomeEvents;
import io.omnijourney.notification.app.ProfileStates;
import io.omnijourney.notification.config.NotificationConfig;
import io.omnijourney.notification.domain.DeliveryState;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Consumes {@code notification-requests}: each request goes through the ledger-guarded {@link DeliveryService}; its
 * outcome is published on {@code touchpoints} (also again on redelivery: the event id is deterministic); a failed
 * request also goes to {@code notification-requests.dlq} with the reason. A record that is not a notification request
 * goes to the dead-letter topic as poison. Requests of different profiles are handled concurrently
 * ({@code requests.concurrency}); those of one profile (the record key) in order.
 */
@jakarta.inject.Singleton
public class NotificationRequestConsumer extends RecordLoop {

    private final DeliveryService delivery;
    private final ProfileStates profiles;
    private final KafkaProducers producers;
    private final MeterRegistry registry;
    private final boolean enabled;

    public NotificationRequestConsumer(DeliveryService delivery, ProfileStates profiles, KafkaProducers producers,
            MeterRegistry registry,
            NotificationConfig config, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        super(Topics.NOTIFICATION_REQUESTS, producers, bootstrapServers,
                config.requests().groupId().orElse("notification-service"), config.requests().maxPollRecords(),
                config.requests().retryBackoff(), config.requests().concurrency());
        this.delivery = delivery;
        this.profiles = profiles;
        this.producers = producers;
        this.registry = registry;
        this.enabled = config.requests().enabled();
    }

    void start(@Observes StartupEvent event) {
        if (enabled) {
            startThread("notification-request-consumer");
        }
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        stopThread();
    }

    /** Starts consuming now (when {@code requests.enabled=false} kept it from starting): the benchmark pre-fills first. */
    public void startConsuming() {
        startThread("notification-request-consumer");
    }

    /** Stops after the records at hand; its poll's handled records are committed (up to the first one not handled). */
    public void stopConsuming() throws InterruptedException {
        stopThread();
    }

    /** A poll's decoded requests and the erasure and consent of their profiles, read in bulk before any is sent. */
    private record Poll(Map<ConsumerRecord<String, byte[]>, Object> decoded, ProfileStates.Facts facts) {
    }

    private volatile Poll poll;

    @Override
    void startPoll(ConsumerRecords<String, byte[]> records) {
        Map<ConsumerRecord<String, byte[]>, Object> decoded = new IdentityHashMap<>();
        Set<String> profileIds = new LinkedHashSet<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            Object value = decode(record);
            decoded.put(record, value);
            if (value instanceof NotificationRequest request && request.profileId() != null) {
                profileIds.add(request.profileId());
            }
        }
        // Two reads for the poll instead of two per request: a change to a profile's consent or erasure that
        // profile-events bring while the poll is sent applies from the next poll on.
        poll = new Poll(decoded, profiles.facts(profileIds));
    }

    @Override
    void endPoll() {
        poll = null;
    }

    /** The request, or the reason the record is poison. */
    private static Object decode(ConsumerRecord<String, byte[]> record) {
        try {
            return ContractJson.decode(record.value() == null ? new byte[0] : record.value(),
                    NotificationRequest.class);
        } catch (IllegalArgumentException e) {
            return "poison: " + e.getMessage();
        }
    }

    @Override
    List<Future<RecordMetadata>> process(ConsumerRecord<String, byte[]> record) {
        Poll current = poll;
        Object value = current != null && current.decoded().containsKey(record) ? current.decoded().get(record)
                : decode(record);
        if (!(value instanceof NotificationRequest request)) {
            return List.of(deadLetter(record, (String) value));
        }
        long start = System.nanoTime();
        DeliveryService.Result result = current == null ? delivery.handle(request)
                : delivery.handle(request, current.facts());
        if (result instanceof DeliveryService.Result.Busy) {
            throw new RetryLater("request held by another instance");
        }
        LedgerEntry entry = result.entry();
        String channel = entry.channel() == null ? "none" : entry.channel();
        registry.counter("omnijourney.notification.outcomes", "state", entry.state().wireName(), "channel", channel)
                .increment();
        registry.timer("omnijourney.notification.handling", "state", entry.state().wireName(), "channel", channel)
                .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        TouchpointEvent outcome = OutcomeEvents.outcome(request, entry);
        sends.add(producers.send(Topics.TOUCHPOINTS, outcome.identityKey(), TouchpointCodec.encode(outcome),
                CloudEventHeaders.forTouchpoint(outcome)));
        if (entry.state() == DeliveryState.FAILED) {
            sends.add(deadLetter(record, "failed: " + entry.reason()));
        }
        return sends;
    }
}
