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
import io.omnijourney.notification.config.NotificationConfig;
import io.omnijourney.notification.domain.DeliveryState;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
    private final KafkaProducers producers;
    private final MeterRegistry registry;
    private final boolean enabled;

    public NotificationRequestConsumer(DeliveryService delivery, KafkaProducers producers, MeterRegistry registry,
            NotificationConfig config, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        super(Topics.NOTIFICATION_REQUESTS, producers, bootstrapServers,
                config.requests().groupId().orElse("notification-service"), config.requests().maxPollRecords(),
                config.requests().retryBackoff(), config.requests().concurrency());
        this.delivery = delivery;
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

    @Override
    List<Future<RecordMetadata>> process(ConsumerRecord<String, byte[]> record) {
        NotificationRequest request;
        try {
            request = ContractJson.decode(record.value() == null ? new byte[0] : record.value(),
                    NotificationRequest.class);
        } catch (IllegalArgumentException e) {
            return List.of(deadLetter(record, "poison: " + e.getMessage()));
        }
        long start = System.nanoTime();
        DeliveryService.Result result = delivery.handle(request);
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
