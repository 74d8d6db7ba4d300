package io.omnijourney.testsupport;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SharedKafkaRestartTest {

    @BeforeEach
    void embeddedOnly() {
        assumeTrue(SharedInfra.canRestartKafka(), "the shared broker runs in a container");
    }

    /** Other test classes share the broker: leave it running even if an assertion failed midway. */
    @AfterEach
    void restoreBroker() {
        if (SharedInfra.canRestartKafka()) {
            SharedInfra.startKafka();
        }
    }

    @Test
    void clientsFailWhileTheBrokerIsDownAndRecoverAfterARestart() throws Exception {
        String topic = SharedKafkaTest.unique("restart");
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            kafka.createTopics(topic);
            TopicProbe probe = kafka.probe(topic);
            kafka.produce(topic, "before", "1".getBytes(UTF_8));
            probe.awaitRecords(1, Duration.ofSeconds(15));

            SharedInfra.stopKafka();
            ExecutionException failure = assertThrows(ExecutionException.class, () -> produceWithShortTimeouts(topic));
            assertEquals(org.apache.kafka.common.errors.TimeoutException.class, failure.getCause().getClass());

            SharedInfra.startKafka();
            // Same client, same probe: both reconnect to the broker on its unchanged address.
            kafka.produce(topic, "after", "2".getBytes(UTF_8));
            assertEquals("after", probe.awaitRecords(2, Duration.ofSeconds(30)).get(1).key());
        }
    }

    @Test
    void killEndsTheBrokerJvmAndARestartRecoversItsData() {
        String topic = SharedKafkaTest.unique("kill");
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            kafka.createTopics(topic + ":2");
            long pid = SharedInfra.kafkaPid().orElseThrow();

            SharedInfra.killKafka();

            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "broker JVM still alive");
            assertTrue(SharedInfra.kafkaPid().isEmpty());

            SharedInfra.startKafka();
            TopicProbe probe = kafka.probe(topic);
            kafka.produce(topic, "k", "v".getBytes(UTF_8));
            probe.awaitRecords(1, Duration.ofSeconds(30));
        }
    }

    private static void produceWithShortTimeouts(String topic) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfra.kafkaBootstrapServers(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_500,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 2_000), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, "down", new byte[] {0})).get(10, TimeUnit.SECONDS);
        }
    }
}
