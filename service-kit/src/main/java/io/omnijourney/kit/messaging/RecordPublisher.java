package io.omnijourney.kit.messaging;

import io.opentelemetry.context.Context;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaProducer;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
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
        return send(record, new TraceHeaders());
    }

    private Future<RecordMetadata> send(OutRecord record, TraceHeaders traces) {
        Target target = target(record.channel());
        List<Header> trace = traces.of(record.trace() != null ? record.trace() : Context.current());
        Header[] headers = new Header[record.headers().size() + trace.size()];
        int n = 0;
        for (Map.Entry<String, String> header : record.headers().entrySet()) {
            if (!Tracing.isTraceHeader(header.getKey()) || trace.isEmpty()) {
                headers[n++] = new RecordHeader(header.getKey(), header.getValue().getBytes(StandardCharsets.UTF_8));
            }
        }
        for (Header header : trace) {
            headers[n++] = header;
        }
        ProducerRecord<String, byte[]> kafka = new ProducerRecord<>(target.topic(), null, null, record.key(),
                record.value(), new RecordHeaders(n == headers.length ? headers : Arrays.copyOf(headers, n)));
        try {
            return target.producer().send(kafka);
        } catch (RuntimeException e) {
            throw new PublishException("could not send to " + target.topic() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The trace headers of the last context seen: the records of one unit of work nearly always continue one trace,
     * and encoding it once instead of per record saves a propagator call and four header arrays per record.
     */
    private static final class TraceHeaders {
        private Context context;
        private List<Header> headers;

        List<Header> of(Context current) {
            if (current != context) {
                headers = Tracing.headersOf(current);
                context = current;
            }
            return headers;
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
        TraceHeaders traces = new TraceHeaders();
        for (OutRecord record : records) {
            acks.add(send(record, traces));
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
