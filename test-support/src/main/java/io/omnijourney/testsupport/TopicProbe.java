package io.omnijourney.testsupport;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Collects the records written to one topic after the probe was created, on a background thread.
 * Reads all partitions without a consumer group and with {@code read_committed}, so it sees what a
 * correct downstream consumer would see and leaves no committed offsets behind.
 */
public final class TopicProbe implements AutoCloseable {

    private static final Duration TOPIC_LOOKUP_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

    private final String topic;
    private final KafkaConsumer<String, byte[]> consumer;
    private final List<ConsumerRecord<String, byte[]>> received = new ArrayList<>();
    private final Thread poller;
    private volatile boolean closed;
    private volatile RuntimeException failure;

    TopicProbe(String bootstrapServers, String topic) {
        this.topic = topic;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, KafkaTestClient.FAST_BACKOFF_MS,
                ConsumerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, KafkaTestClient.FAST_BACKOFF_MS),
                new StringDeserializer(), new ByteArrayDeserializer());
        try {
            positionAtEnd();
        } catch (RuntimeException e) {
            consumer.close(CloseOptions.timeout(Duration.ZERO));
            throw e;
        }
        this.poller = new Thread(this::pollUntilClosed, "topic-probe-" + topic);
        poller.setDaemon(true);
        poller.start();
    }

    public String topic() {
        return topic;
    }

    /**
     * Waits until at least {@code count} records arrived and returns all received so far, in
     * arrival order (per partition, offset order).
     *
     * @throws AssertionError if fewer arrive within {@code timeout}
     */
    public List<ConsumerRecord<String, byte[]>> awaitRecords(int count, Duration timeout) {
        try {
            await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(25)).atMost(timeout).until(() -> {
                rethrowFailure();
                return size() >= count;
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("Expected at least " + count + " record(s) on " + topic + " within " + timeout
                    + ", got " + size(), e);
        }
        return records();
    }

    /** A snapshot of the records received so far. */
    public List<ConsumerRecord<String, byte[]>> records() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /**
     * Fails as soon as a record arrives within {@code window}, counting from the call.
     *
     * @throws AssertionError naming the partition and offset ({@code partition@offset}) of each unexpected record
     */
    public void assertNoMoreWithin(Duration window) {
        int seen = size();
        await().during(window).atMost(window.plusSeconds(5)).until(() -> {
            rethrowFailure();
            if (size() != seen) {
                // Thrown from the condition, so Awaitility fails now instead of waiting out atMost.
                throw new AssertionError("Expected no more records on " + topic + " within " + window
                        + ", got " + describeFrom(seen));
            }
            return true;
        });
    }

    /** The last header called {@code name} as UTF-8 text, or null if the record has none. */
    public static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** All headers as UTF-8 text; for repeated names the last one wins. */
    public static Map<String, String> headers(ConsumerRecord<?, ?> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        consumer.wakeup();
        try {
            poller.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** seekToEnd is lazy; asking for each position fixes the end offsets now, at creation time. */
    private void positionAtEnd() {
        List<TopicPartition> partitions = await("topic " + topic + " to exist")
                .atMost(TOPIC_LOOKUP_TIMEOUT)
                .ignoreExceptions()
                .until(this::partitions, found -> !found.isEmpty());
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
    }

    private List<TopicPartition> partitions() {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
        return infos == null ? List.of() : infos.stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
    }

    private void pollUntilClosed() {
        try {
            while (!closed) {
                consumer.poll(POLL_INTERVAL).forEach(this::add);
            }
        } catch (WakeupException e) {
            // close() woke us up.
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ZERO));
        }
    }

    private void add(ConsumerRecord<String, byte[]> record) {
        synchronized (received) {
            received.add(record);
        }
    }

    /** Positions only: keys and values may hold personal data, and test output gets archived. */
    private List<String> describeFrom(int index) {
        List<ConsumerRecord<String, byte[]>> all = records();
        return all.subList(index, all.size()).stream()
                .map(r -> r.partition() + "@" + r.offset())
                .toList();
    }

    private int size() {
        synchronized (received) {
            return received.size();
        }
    }

    private void rethrowFailure() {
        RuntimeException e = failure;
        if (e != null) {
            throw new IllegalStateException("The probe on " + topic + " stopped polling", e);
        }
    }
}
