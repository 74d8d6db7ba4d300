package io.omnijourney.kit.messaging;

import io.opentelemetry.context.Context;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaProducer;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.config.Config;

/**
 * Publishes on the outgoing Kafka channels the service configures ({@code mp.messaging.outgoing.<channel>.*}: topic,
 * {@code acks=all}, idempotence, batching). Records go straight to the Kafka producer the connector created for the
 * channel, on the caller's thread, and the caller waits for the broker's acknowledgement of every record of a unit
 * before it commits anything: the connector's emitter path hands each record to one sending thread and starts a span
 * per record, which cost ingest a measured share of its throughput (BENCHMARKS.md). Each record carries the trace it
 * continues ({@link Tracing}).
 */
@ApplicationScoped
public class RecordPublisher {

    private final KafkaClientService clients;
    private final Config config;
    private final Duration ackTimeout;
    private final Map<String, Target> targets = new ConcurrentHashMap<>();

    private record Target(String topic, Producer<String, byte[]> producer) {
    }

    public RecordPublisher(KafkaClientService clients, Config config, MessagingConfig messaging) {
        this.clients = clients;
        this.config = config;
        this.ackTimeout = messaging.ackTimeout();
    }

    /** Starts sending one record; the future completes when the broker acknowledged it. */
    public Future<RecordMetadata> send(OutRecord record) {
        Target target = target(record.channel());
        ProducerRecord<String, byte[]> kafka = new ProducerRecord<>(target.topic(), record.key(), record.value());
        record.headers().forEach((name, value) -> kafka.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        Tracing.inject(record.trace() != null ? record.trace() : Context.current(), kafka.headers());
        try {
            return target.producer().send(kafka);
        } catch (RuntimeException e) {
            throw new PublishException("could not send to " + target.topic() + ": " + e.getMessage(), e);
        }
    }

    /** Publishes every record and returns once the broker acknowledged all of them, within the ack timeout. */
    public void publishAll(Collection<OutRecord> records) {
        publishAll(records, ackTimeout);
    }

    /**
     * Publishes every record and returns once the broker acknowledged all of them; throws {@link PublishException}
     * (an outage, as {@link Failures} classifies it, when the broker is away) when one was not acknowledged in time.
     */
    public void publishAll(Collection<OutRecord> records, Duration timeout) {
        List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
        for (OutRecord record : records) {
            acks.add(send(record));
        }
        awaitAll(acks, timeout);
    }

    /** Waits for every acknowledgement; a failure or a timeout is thrown, so the caller does not commit. */
    public static void awaitAll(List<Future<RecordMetadata>> acks, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (Future<RecordMetadata> ack : acks) {
                ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (ExecutionException e) {
            throw new PublishException("broker did not acknowledge: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new PublishException("broker did not acknowledge within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("interrupted while waiting for the broker", e);
        }
    }

    private Target target(String channel) {
        return targets.computeIfAbsent(channel, name -> {
            KafkaProducer<String, byte[]> connectorProducer = clients.getProducer(name);
            if (connectorProducer == null) {
                throw new IllegalStateException("no outgoing Kafka channel '" + name + "' is configured");
            }
            Producer<String, byte[]> producer = connectorProducer.unwrap();
            if (producer == null) {
                // A lazily created client: have the connector create it now.
                producer = connectorProducer.runOnSendingThread(p -> p).await().atMost(ackTimeout);
            }
            String topic = config.getOptionalValue("mp.messaging.outgoing." + name + ".topic", String.class)
                    .orElse(name);
            return new Target(topic, producer);
        });
    }

    /** A record was not published: thrown so the caller commits nothing; the cause tells an outage from a bad record. */
    public static final class PublishException extends RuntimeException {
        public PublishException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
