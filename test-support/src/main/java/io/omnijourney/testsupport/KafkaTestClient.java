package io.omnijourney.testsupport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;

/**
 * Creates topics, produces records and opens {@link TopicProbe}s against a broker, by default the
 * {@link SharedInfra shared one}. Closing it closes every probe it opened.
 */
public final class KafkaTestClient implements AutoCloseable {

    private static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(30);
    /** The defaults back off up to 1 s; tests that restart the broker should see it back sooner. */
    static final int FAST_BACKOFF_MS = 250;

    private final String bootstrapServers;
    private final List<TopicProbe> probes = new ArrayList<>();
    private Admin admin;
    private KafkaProducer<String, byte[]> producer;

    /** A client for the shared broker (started if needed). */
    public KafkaTestClient() {
        this(SharedInfra.kafkaBootstrapServers());
    }

    public KafkaTestClient(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * Creates topics given as {@code name} or {@code name:partitions} (replication factor 1) and
     * waits until each partition has a leader. Topics that already exist are left as they are.
     */
    public void createTopics(String... namesWithPartitions) {
        createTopics(Arrays.stream(namesWithPartitions).map(TopicSpec::parse).toList());
    }

    void createTopics(Collection<TopicSpec> topics) {
        if (topics.isEmpty()) {
            return;
        }
        List<NewTopic> newTopics = topics.stream()
                .map(topic -> new NewTopic(topic.name(), topic.partitions(), (short) 1))
                .toList();
        admin().createTopics(newTopics).values().forEach((name, future) -> {
            try {
                future.get(OPERATION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("Cannot create topic " + name, e.getCause());
                }
            } catch (InterruptedException | TimeoutException e) {
                throw interruptedOrTimedOut("creating topic " + name, e);
            }
        });
        List<String> names = topics.stream().map(TopicSpec::name).toList();
        Awaitility.await("leaders for " + names).atMost(OPERATION_TIMEOUT).ignoreExceptions()
                .until(() -> allPartitionsLed(names));
    }

    private boolean allPartitionsLed(List<String> names) throws Exception {
        Map<String, TopicDescription> descriptions = admin().describeTopics(names).allTopicNames()
                .get(OPERATION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return descriptions.values().stream()
                .flatMap(description -> description.partitions().stream())
                .allMatch(partition -> partition.leader() != null && !partition.leader().isEmpty());
    }

    /**
     * Starts watching {@code topic}; the probe sees only records written after this call returns.
     * The topic must exist.
     */
    public TopicProbe probe(String topic) {
        requireExisting(topic);
        TopicProbe probe = new TopicProbe(bootstrapServers, topic);
        synchronized (probes) {
            probes.add(probe);
        }
        return probe;
    }

    /** Fails fast: with auto-creation off, waiting for a missing topic could only time out. */
    private void requireExisting(String topic) {
        try {
            admin().describeTopics(List.of(topic)).allTopicNames().get(OPERATION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new IllegalArgumentException("Topic " + topic + " does not exist; create it first", e.getCause());
            }
            throw new IllegalStateException("Cannot describe topic " + topic, e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw interruptedOrTimedOut("describing topic " + topic, e);
        }
    }

    /** Produces one record and waits for the broker's acknowledgement (acks=all). */
    public RecordMetadata produce(String topic, String key, byte[] value, Map<String, String> headers) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
        headers.forEach((name, text) -> record.headers().add(name, text.getBytes(StandardCharsets.UTF_8)));
        try {
            // A little past the delivery timeout, so that the producer reports its own failure first.
            return producer().send(record).get(OPERATION_TIMEOUT.plusSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot produce to " + topic, e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw interruptedOrTimedOut("producing to " + topic, e);
        }
    }

    public RecordMetadata produce(String topic, String key, byte[] value) {
        return produce(topic, key, value, Map.of());
    }

    @Override
    public void close() {
        List<TopicProbe> open;
        synchronized (probes) {
            open = List.copyOf(probes);
            probes.clear();
        }
        open.forEach(TopicProbe::close);
        synchronized (this) {
            if (producer != null) {
                producer.close(Duration.ofSeconds(5));
            }
            if (admin != null) {
                admin.close(Duration.ofSeconds(5));
            }
        }
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) OPERATION_TIMEOUT.toMillis(),
                    AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, FAST_BACKOFF_MS,
                    AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG, FAST_BACKOFF_MS));
        }
        return admin;
    }

    private synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.LINGER_MS_CONFIG, 0,
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000,
                    ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) OPERATION_TIMEOUT.toMillis(),
                    ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, FAST_BACKOFF_MS,
                    ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, FAST_BACKOFF_MS),
                    new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    private static RuntimeException interruptedOrTimedOut(String what, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new IllegalStateException("Interrupted while " + what, e);
        }
        return new IllegalStateException("Timed out after " + OPERATION_TIMEOUT + " " + what, e);
    }
}
