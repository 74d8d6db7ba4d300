package io.omnijourney.ingest.adapter.kafka;

import io.omnijourney.contract.cloudevents.CloudEventHeaders;
import io.omnijourney.contract.touchpoint.TouchpointCodec;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import io.omnijourney.ingest.app.PublishFailedException;
import io.omnijourney.ingest.app.TouchpointPublisher;
import io.omnijourney.ingest.config.IngestConfig;
import io.omnijourney.kit.kafka.KafkaClientOverrides;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Publishes touchpoints as CloudEvents (binary mode) with an idempotent, acks=all producer and waits for every
 * acknowledgement. The producer's own timeouts are kept below the request's publish timeout so that a broker outage
 * surfaces as a failed send, never as a request hanging past its answer.
 */
@ApplicationScoped
public class KafkaTouchpointPublisher implements TouchpointPublisher {

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final Duration publishTimeout;

    public KafkaTouchpointPublisher(IngestConfig config,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.topic = config.kafka().topic();
        this.publishTimeout = config.kafka().publishTimeout();
        this.producer = new KafkaProducer<>(
                KafkaClientOverrides.producer(producerProperties(bootstrapServers, config.kafka())),
                new StringSerializer(), new ByteArraySerializer());
    }

    static Properties producerProperties(String bootstrapServers, IngestConfig.Kafka kafka) {
        long timeoutMs = kafka.publishTimeout().toMillis();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "ingest-service");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, "131072");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(timeoutMs / 2));
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(timeoutMs / 2));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(timeoutMs - 500));
        props.putAll(kafka.producer());
        return props;
    }

    @Override
    public void publish(List<TouchpointEvent> events) {
        long deadline = System.nanoTime() + publishTimeout.toNanos();
        List<Future<RecordMetadata>> acks = new ArrayList<>(events.size());
        try {
            for (TouchpointEvent event : events) {
                acks.add(producer.send(toRecord(event)));
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (ExecutionException e) {
            throw new PublishFailedException("broker did not acknowledge: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new PublishFailedException("broker did not acknowledge within " + publishTimeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishFailedException("interrupted while waiting for the broker", e);
        } catch (RuntimeException e) {
            throw new PublishFailedException("broker unavailable: " + e.getMessage(), e);
        }
    }

    private ProducerRecord<String, byte[]> toRecord(TouchpointEvent event) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, event.identityKey(),
                TouchpointCodec.encode(event));
        CloudEventHeaders.forTouchpoint(event).forEach((name, value) ->
                record.headers().add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8))));
        return record;
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
