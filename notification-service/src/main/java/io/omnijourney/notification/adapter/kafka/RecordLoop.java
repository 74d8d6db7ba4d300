package io.omnijourney.notification.adapter.kafka;

import io.omnijourney.contract.Topics;
import io.omnijourney.kit.kafka.KafkaClientOverrides;
import io.omnijourney.kit.kafka.RestartingLoop;
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
import org.jboss.logging.Logger;

/**
 * A consumer thread with the house protocol: records are handled in order per partition; a poll's offsets are
 * committed only after every effect of it is durable (store writes done, every publication acknowledged); a record
 * that can never be handled goes to {@code <topic>.dlq} with the reason in its headers; a failure that is not the
 * record's fault (MongoDB or the broker away, a request held by another instance) is retried from that record on.
 */
abstract class RecordLoop {

    public static final String DLQ_REASON = "dlq-reason";

    private final Logger log;
    private final String topic;
    private final KafkaProducers producers;
    private final String bootstrapServers;
    private final String groupId;
    private final int maxPollRecords;
    private final Duration retryBackoff;
    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;
    private final RestartingLoop loop;

    RecordLoop(String topic, KafkaProducers producers, String bootstrapServers, String groupId, int maxPollRecords,
            Duration retryBackoff) {
        this.log = Logger.getLogger(getClass());
        this.loop = new RestartingLoop(topic + " consumer", log, Duration.ofSeconds(1), Duration.ofSeconds(30));
        this.topic = topic;
        this.producers = producers;
        this.bootstrapServers = bootstrapServers;
        this.groupId = groupId;
        this.maxPollRecords = maxPollRecords;
        this.retryBackoff = retryBackoff;
    }

    /** Handles one record; returns the publications it started. Throws to have it retried. */
    abstract List<Future<RecordMetadata>> process(ConsumerRecord<String, byte[]> record);

    /** Thrown when the record is fine but cannot be handled now. */
    static final class RetryLater extends RuntimeException {
        RetryLater(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * True when the consumer failed five times in a row (readiness reports it); after each failure it is started
     * again (see {@link RestartingLoop}).
     */
    public boolean died() {
        return loop.consecutiveFailures() >= 5;
    }

    synchronized void startThread(String name) {
        running = true;
        thread = new Thread(this::run, name);
        thread.start();
    }

    synchronized void stopThread() throws InterruptedException {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            thread.join(30_000);
        }
    }

    private void run() {
        loop.run(() -> running, this::consume);
    }

    private void consume() {
        try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(properties(), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer = kafka;
            kafka.subscribe(List.of(topic));
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

    private void processAndCommit(KafkaConsumer<String, byte[]> kafka, ConsumerRecords<String, byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        for (TopicPartition partition : records.partitions()) {
            for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
                if (!running) {
                    kafka.seek(partition, record.offset());
                    break;
                }
                try {
                    sends.addAll(process(record));
                    done.put(partition, new OffsetAndMetadata(record.offset() + 1));
                } catch (RuntimeException e) {
                    log.warnf("%s at %s@%d not handled yet, retrying: %s", topic, partition, record.offset(),
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
            // Nothing of this poll is committed: replay it whole (handling is idempotent per record).
            log.warnf("publishing or committing failed, replaying the poll: %s", e.toString());
            for (TopicPartition partition : records.partitions()) {
                kafka.seek(partition, records.records(partition).get(0).offset());
            }
            pause();
        }
    }

    Future<RecordMetadata> deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
        String dlq = Topics.dlq(record.topic());
        log.warnf("record at %s-%d@%d sent to %s: %s", record.topic(), record.partition(), record.offset(), dlq,
                reason.length() > 200 ? reason.substring(0, 200) : reason);
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8));
        }
        headers.put(DLQ_REASON, reason);
        headers.put("dlq-topic", record.topic());
        headers.put("dlq-partition", String.valueOf(record.partition()));
        headers.put("dlq-offset", String.valueOf(record.offset()));
        return producers.send(dlq, record.key(), record.value(), headers);
    }

    private void pause() {
        try {
            Thread.sleep(retryBackoff.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Properties properties() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        // Sends retry in place: a poll may take a while, and leaving the group mid-poll would hand it to another.
        props.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 600_000);
        return KafkaClientOverrides.consumer(props);
    }
}
