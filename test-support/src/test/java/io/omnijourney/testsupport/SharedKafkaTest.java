package io.omnijourney.testsupport;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SharedKafkaTest {

    private static KafkaTestClient kafka;
    private static Admin admin;

    @BeforeAll
    static void connect() {
        kafka = new KafkaTestClient();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    @AfterAll
    static void disconnect() {
        admin.close();
        kafka.close();
    }

    @Test
    void brokerAnswersOnLoopback() throws Exception {
        assertEquals(kafka.bootstrapServers(), SharedInfra.kafkaBootstrapServers(), "one broker per JVM");
        assertEquals(1, admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).size());
    }

    @Test
    void createsTopicsWithPartitionsAndToleratesExistingOnes() throws Exception {
        String topic = unique("created");
        kafka.createTopics(topic + ":3");
        kafka.createTopics(topic + ":3");

        int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS)
                .get(topic).partitions().size();
        assertEquals(3, partitions);
    }

    @Test
    void doesNotCreateTopicsOnProduce() throws Exception {
        String topic = unique("never-created");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_500), new StringSerializer(), new ByteArraySerializer())) {
            ExecutionException failure = assertThrows(ExecutionException.class,
                    () -> producer.send(new ProducerRecord<>(topic, "k", new byte[] {1})).get(10, TimeUnit.SECONDS));
            assertInstanceOf(TimeoutException.class, failure.getCause());
        }
        assertFalse(admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(topic));
    }

    @Test
    void roundTripKeepsKeysValuesAndHeaders() {
        String topic = unique("round-trip");
        kafka.createTopics(topic + ":2");
        TopicProbe probe = kafka.probe(topic);

        kafka.produce(topic, "a", "first".getBytes(UTF_8), Map.of("ce_id", "id-1", "ce_type", "test.v1"));
        kafka.produce(topic, "b", "second".getBytes(UTF_8), Map.of("ce_id", "id-2"));

        List<ConsumerRecord<String, byte[]>> records = probe.awaitRecords(2, Duration.ofSeconds(15));
        ConsumerRecord<String, byte[]> first = records.stream().filter(r -> "a".equals(r.key())).findFirst().orElseThrow();
        assertEquals("first", new String(first.value(), UTF_8));
        assertEquals("id-1", TopicProbe.header(first, "ce_id"));
        assertEquals(Map.of("ce_id", "id-1", "ce_type", "test.v1"), TopicProbe.headers(first));
        assertNull(TopicProbe.header(first, "absent"));
        probe.assertNoMoreWithin(Duration.ofMillis(300));
    }

    @Test
    void probeSeesOnlyRecordsWrittenAfterItWasCreated() {
        String topic = unique("probe-start");
        kafka.createTopics(topic);
        kafka.produce(topic, "before", new byte[] {0});
        TopicProbe probe = kafka.probe(topic);

        kafka.produce(topic, "after", new byte[] {1});

        assertEquals("after", probe.awaitRecords(1, Duration.ofSeconds(15)).get(0).key());
        probe.assertNoMoreWithin(Duration.ofMillis(300));
        assertEquals(1, probe.records().size());
    }

    @Test
    void assertNoMoreWithinFailsWhenARecordArrives() {
        String topic = unique("no-more");
        kafka.createTopics(topic);
        TopicProbe probe = kafka.probe(topic);
        // Produced once the assertion below has taken its baseline.
        CompletableFuture.runAsync(() -> kafka.produce(topic, "late", new byte[] {1}),
                CompletableFuture.delayedExecutor(500, TimeUnit.MILLISECONDS));

        AssertionError failure = assertThrows(AssertionError.class, () -> probe.assertNoMoreWithin(Duration.ofSeconds(5)));
        assertTrue(failure.getMessage().endsWith("got [0@0]"), failure.getMessage());
    }

    @Test
    void awaitRecordsFailsAsAnAssertion() {
        String topic = unique("await-fails");
        kafka.createTopics(topic);
        TopicProbe probe = kafka.probe(topic);

        assertThrows(AssertionError.class, () -> probe.awaitRecords(1, Duration.ofMillis(300)));
    }

    @Test
    void probeOnAMissingTopicFailsFast() {
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                () -> kafka.probe(unique("missing")));
        assertTrue(failure.getMessage().contains("does not exist"), failure.getMessage());
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }
}
