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
import java.util.IdentityHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
 * A consumer thread with the house protocol: records of one key are handled in offset order; a partition's offsets
 * are committed only up to its first record not handled yet, and only after every effect of the records before it is
 * durable (store writes done, every publication acknowledged); a record that can never be handled goes to
 * {@code <topic>.dlq} with the reason in its headers; a failure that is not the record's fault (MongoDB or the broker
 * away, a request held by another instance) is retried from that record on.
 *
 * <p>With a concurrency above one, a poll's records are grouped by partition and key into lanes (records of one key
 * always share a partition); a lane handles its records in order and stops at its first failure; lanes run on a
 * bounded pool of workers. The next poll starts only when every lane of this one has ended, so a record is never
 * handled by two workers at once. Records of a partition after a failed one may have been handled by other lanes:
 * they are replayed with it (handling is idempotent per record).
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
    private final int concurrency;
    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;
    private final RestartingLoop loop;
    private ExecutorService workers;

    RecordLoop(String topic, KafkaProducers producers, String bootstrapServers, String groupId, int maxPollRecords,
            Duration retryBackoff) {
        this(topic, producers, bootstrapServers, groupId, maxPollRecords, retryBackoff, 1);
    }

    RecordLoop(String topic, KafkaProducers producers, String bootstrapServers, String groupId, int maxPollRecords,
            Duration retryBackoff, int concurrency) {
        this.log = Logger.getLogger(getClass());
        this.loop = new RestartingLoop(topic + " consumer", log, Duration.ofSeconds(1), Duration.ofSeconds(30));
        this.topic = topic;
        this.producers = producers;
        this.bootstrapServers = bootstrapServers;
        this.groupId = groupId;
        this.maxPollRecords = maxPollRecords;
        this.retryBackoff = retryBackoff;
        this.concurrency = Math.max(1, concurrency);
    }

    /** Called with a poll's records before any is handled (e.g. to read what they need in bulk). */
    void startPoll(ConsumerRecords<String, byte[]> records) {
    }

    /**
     * Called after the poll's records were handled, before anything is committed (e.g. to write in bulk); throwing
     * replays the whole poll.
     */
    void endPoll() {
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
        if (concurrency > 1) {
            AtomicInteger count = new AtomicInteger();
            workers = Executors.newFixedThreadPool(concurrency, r -> {
                Thread t = new Thread(r, name + "-worker-" + count.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
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
        if (workers != null) {
            workers.shutdown();
            workers = null;
        }
    }

    private void run() {
        ExecutorService pool = workers;
        loop.run(() -> running, () -> consume(pool));
    }

    private void consume(ExecutorService pool) {
        try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(properties(), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer = kafka;
            kafka.subscribe(List.of(topic));
            while (running) {
                ConsumerRecords<String, byte[]> records = kafka.poll(Duration.ofMillis(500));
                if (!records.isEmpty()) {
                    processAndCommit(kafka, records, pool);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        }
    }

    /** What became of one record of a poll: handled (with its publications), or not (yet). */
    private static final class Handled {
        volatile boolean done;
        volatile List<Future<RecordMetadata>> sends = List.of();
    }

    private record Lane(TopicPartition partition, List<ConsumerRecord<String, byte[]>> records) {
    }

    private void processAndCommit(KafkaConsumer<String, byte[]> kafka, ConsumerRecords<String, byte[]> records,
            ExecutorService pool) {
        Map<ConsumerRecord<String, byte[]>, Handled> handled = new IdentityHashMap<>();
        records.forEach(r -> handled.put(r, new Handled()));
        AtomicBoolean failed = new AtomicBoolean();
        try {
            startPoll(records);
        } catch (RuntimeException e) {
            log.warnf("%s poll not started, replaying it: %s", topic, e.toString());
            for (TopicPartition partition : records.partitions()) {
                kafka.seek(partition, records.records(partition).get(0).offset());
            }
            pause();
            return;
        }
        List<Lane> lanes = lanes(records);
        if (pool == null) {
            lanes.forEach(lane -> runLane(lane, handled, failed));
        } else {
            List<Future<?>> running = new ArrayList<>(lanes.size());
            lanes.forEach(lane -> running.add(pool.submit(() -> runLane(lane, handled, failed))));
            awaitLanes(running);
        }
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        for (TopicPartition partition : records.partitions()) {
            for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
                Handled h = handled.get(record);
                if (!h.done) {
                    // Not past the first record not handled: the ones after it come again (idempotent).
                    kafka.seek(partition, record.offset());
                    break;
                }
                sends.addAll(h.sends);
                done.put(partition, new OffsetAndMetadata(record.offset() + 1));
            }
        }
        try {
            endPoll();
            KafkaProducers.awaitAll(sends);
            commit(kafka, done);
        } catch (RuntimeException e) {
            // Nothing of this poll is committed: replay it whole (handling is idempotent per record).
            log.warnf("publishing or committing failed, replaying the poll: %s", e.toString());
            for (TopicPartition partition : records.partitions()) {
                kafka.seek(partition, records.records(partition).get(0).offset());
            }
            failed.set(true);
        }
        if (failed.get() && running) {
            pause();
        }
    }

    /** By partition, then by key when records are handled concurrently; each lane in offset order. */
    private List<Lane> lanes(ConsumerRecords<String, byte[]> records) {
        List<Lane> lanes = new ArrayList<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> inPartition = records.records(partition);
            if (concurrency == 1) {
                lanes.add(new Lane(partition, inPartition));
                continue;
            }
            Map<String, List<ConsumerRecord<String, byte[]>>> byKey = new LinkedHashMap<>();
            int unkeyed = 0;
            for (ConsumerRecord<String, byte[]> record : inPartition) {
                // A record without a key has nothing to keep in order with: a lane of its own.
                String key = record.key() == null ? "\u0000" + unkeyed++ : record.key();
                byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(record);
            }
            byKey.values().forEach(l -> lanes.add(new Lane(partition, l)));
        }
        return lanes;
    }

    private void runLane(Lane lane, Map<ConsumerRecord<String, byte[]>, Handled> handled, AtomicBoolean failed) {
        for (ConsumerRecord<String, byte[]> record : lane.records()) {
            if (!running) {
                return;
            }
            try {
                List<Future<RecordMetadata>> sends = process(record);
                Handled h = handled.get(record);
                h.sends = sends;
                h.done = true;
            } catch (RuntimeException e) {
                log.warnf("%s at %s@%d not handled yet, retrying: %s", topic, lane.partition(), record.offset(),
                        e.toString());
                failed.set(true);
                return;
            }
        }
    }

    private void awaitLanes(List<Future<?>> lanes) {
        boolean interrupted = false;
        for (Future<?> lane : lanes) {
            while (true) {
                try {
                    lane.get();
                    break;
                } catch (InterruptedException e) {
                    // Never leave a lane running under the next poll: wait it out, then pass the interrupt on.
                    interrupted = true;
                } catch (ExecutionException e) {
                    log.errorf(e.getCause(), "%s lane ended unexpectedly", topic);
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void commit(KafkaConsumer<String, byte[]> kafka, Map<TopicPartition, OffsetAndMetadata> done) {
        if (done.isEmpty()) {
            return;
        }
        try {
            kafka.commitSync(done);
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
            // Stopping: the wakeup meant for poll() hit the commit; the handled records are still committed.
            kafka.commitSync(done);
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
