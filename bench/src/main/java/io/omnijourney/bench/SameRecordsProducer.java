package io.omnijourney.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A second raw baseline: a bare Kafka producer sending the very records ingest-service wrote (its keys, touchpoint
 * values of about 700 B and CloudEvents and trace headers), read back from {@code touchpoints} and replayed in a loop
 * with ingest's producer settings. ProducerPerformance's 300 B records without key or headers cost the producer and
 * the broker less than a third of what one touchpoint costs; against this baseline the ratio shows what the service
 * itself adds (HTTP, parsing, checks, encoding) over Kafka for the same data.
 */
final class SameRecordsProducer {

    private static final int SAMPLE = 10_000;

    private SameRecordsProducer() {
    }

    /** Replays a sample of {@code source} to {@code target} as fast as acknowledgements come; acked records/s. */
    static double rate(String bootstrap, String source, String target, int warmupSeconds, int seconds) {
        List<ProducerRecord<byte[], byte[]>> records = sample(bootstrap, source, target);
        Properties props = new Properties();
        props.putAll(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                ProducerConfig.LINGER_MS_CONFIG, "5",
                ProducerConfig.BATCH_SIZE_CONFIG, "131072"));
        AtomicLong acked = new AtomicLong();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            long warmupEnd = System.nanoTime() + Duration.ofSeconds(warmupSeconds).toNanos();
            long end = warmupEnd + Duration.ofSeconds(seconds).toNanos();
            long ackedAtWarmupEnd = -1;
            for (long i = 0; ; i++) {
                long now = System.nanoTime();
                if (now >= end) {
                    break;
                }
                if (ackedAtWarmupEnd < 0 && now >= warmupEnd) {
                    ackedAtWarmupEnd = acked.get();
                }
                producer.send(records.get((int) (i % records.size())), (metadata, error) -> {
                    if (error == null) {
                        acked.incrementAndGet();
                    }
                });
            }
            long ackedAtEnd = acked.get();
            return (ackedAtEnd - Math.max(0, ackedAtWarmupEnd)) / (double) seconds;
        }
    }

    private static List<ProducerRecord<byte[], byte[]>> sample(String bootstrap, String source, String target) {
        Properties props = new Properties();
        props.putAll(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "bench-sample",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000"));
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(SAMPLE);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(source));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (records.size() < SAMPLE && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (records.size() < SAMPLE) {
                        Headers headers = new RecordHeaders(r.headers().toArray());
                        records.add(new ProducerRecord<>(target, null, r.key(), r.value(), headers));
                    }
                }
            }
        }
        if (records.isEmpty()) {
            throw new IllegalStateException("no records to replay in " + source);
        }
        long bytes = records.stream().mapToLong(r -> r.value().length).sum();
        System.out.printf("same-records baseline: %d records of %s sampled, %.0f B of value on average%n",
                records.size(), source, bytes / (double) records.size());
        return records;
    }
}
