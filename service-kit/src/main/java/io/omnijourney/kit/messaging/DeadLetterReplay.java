package io.omnijourney.kit.messaging;

import io.omnijourney.kit.kafka.KafkaClientOverrides;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Re-publishes dead-lettered records to the topic they came from, once the cause is fixed: reads the channel's
 * dead-letter topic from where the last replay stopped (its own consumer group, {@code <group>.dlq-replay}), skips the
 * records another consumer group dead-lettered into a shared dead-letter topic, re-publishes each record with its
 * key, value and original headers (the {@code dead-letter-*} ones removed, {@code dead-letter-replayed-from} added),
 * and commits only what the broker acknowledged. The consumers are idempotent, so a replayed record that was applied
 * after all changes nothing. Replays run one at a time.
 */
@ApplicationScoped
public class DeadLetterReplay {

    private static final Logger LOG = Logger.getLogger(DeadLetterReplay.class);
    public static final String REPLAYED_FROM = "dead-letter-replayed-from";
    private static final Duration POLL = Duration.ofMillis(500);

    private final Config config;
    private final BatchConsumption consumption;
    private final String bootstrapServers;
    private final MessagingConfig messaging;

    /** What one replay did. */
    public record Result(String channel, String deadLetterTopic, int replayed, int skipped, long remaining) {
    }

    public DeadLetterReplay(Config config, BatchConsumption consumption, MessagingConfig messaging,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.config = config;
        this.consumption = consumption;
        this.messaging = messaging;
        this.bootstrapServers = bootstrapServers;
    }

    /** The dead-letter topic of an incoming channel of this service, when it has one. */
    public Optional<String> deadLetterTopic(String channel) {
        String prefix = "mp.messaging.incoming." + channel + ".";
        if (!"dead-letter-queue".equals(config.getOptionalValue(prefix + "failure-strategy", String.class)
                .orElse(""))) {
            return Optional.empty();
        }
        return Optional.of(config.getOptionalValue(prefix + "dead-letter-queue.topic", String.class)
                .orElse("dead-letter-topic-" + channel));
    }

    /** Re-publishes up to {@code limit} of the channel's dead-lettered records. */
    public synchronized Result replay(String channel, String deadLetterTopic, int limit) {
        String group = consumption.groupOf(channel);
        int max = Math.max(1, Math.min(limit, messaging.replayMaxRecords()));
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties(group));
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(deadLetterTopic, Duration.ofSeconds(10))) {
                partitions.add(new TopicPartition(deadLetterTopic, info.partition()));
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            int replayed = 0;
            int skipped = 0;
            while (replayed + skipped < max && !caughtUp(consumer, end)) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    if (replayed + skipped >= max || record.offset() >= end.get(
                            new TopicPartition(record.topic(), record.partition()))) {
                        continue;
                    }
                    String source = header(record, "dead-letter-topic");
                    String owner = header(record, BatchConsumption.DEAD_LETTER_GROUP);
                    if (source == null || (owner != null && !owner.equals(group))) {
                        skipped++;
                    } else {
                        acks.add(producer.send(republished(record, source)));
                        replayed++;
                    }
                    done.put(new TopicPartition(record.topic(), record.partition()),
                            new OffsetAndMetadata(record.offset() + 1));
                }
            }
            RecordPublisher.awaitAll(acks, messaging.ackTimeout());
            if (!done.isEmpty()) {
                consumer.commitSync(done);
            }
            long remaining = 0;
            for (TopicPartition partition : partitions) {
                remaining += Math.max(0, end.get(partition) - consumer.position(partition));
            }
            LOG.infof("dead-letter replay of %s: %d re-published, %d skipped (other consumer groups), %d remaining",
                    deadLetterTopic, replayed, skipped, remaining);
            return new Result(channel, deadLetterTopic, replayed, skipped, remaining);
        }
    }

    private static boolean caughtUp(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
            if (consumer.position(partition.getKey()) < partition.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static ProducerRecord<byte[], byte[]> republished(ConsumerRecord<byte[], byte[]> record, String source) {
        ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(source, record.key(), record.value());
        for (Header header : record.headers()) {
            if (!header.key().startsWith("dead-letter-")) {
                out.headers().add(header);
            }
        }
        out.headers().add(REPLAYED_FROM, (record.topic() + "-" + record.partition() + "@" + record.offset())
                .getBytes(StandardCharsets.UTF_8));
        return out;
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private Properties consumerProperties(String group) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group + ".dlq-replay");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return KafkaClientOverrides.consumer(props);
    }

    private Properties producerProperties() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return KafkaClientOverrides.producer(props);
    }
}
