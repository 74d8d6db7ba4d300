package io.omnijourney.testsupport;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.time.Duration;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;

/** The real images the containers mode uses; skipped where no Docker engine runs. */
@Testcontainers(disabledWithoutDocker = true)
class ContainersInfraTest {

    @Container
    static final KafkaContainer KAFKA = SharedContainers.newKafkaContainer();

    @Container
    static final MongoDBContainer MONGO = SharedContainers.newMongoContainer();

    @Test
    void kafkaRoundTripWithHeaders() {
        try (KafkaTestClient kafka = new KafkaTestClient(KAFKA.getBootstrapServers())) {
            kafka.createTopics("containers-round-trip:2");
            TopicProbe probe = kafka.probe("containers-round-trip");

            kafka.produce("containers-round-trip", "k", "v".getBytes(UTF_8), Map.of("ce_id", "c-1"));

            assertEquals("c-1", TopicProbe.header(probe.awaitRecords(1, Duration.ofSeconds(30)).get(0), "ce_id"));
        }
    }

    @Test
    void mongoRoundTrip() {
        try (MongoClient client = MongoClients.create(MONGO.getConnectionString())) {
            client.getDatabase("containers").getCollection("c").insertOne(new Document("_id", "x"));
            assertEquals(1, client.getDatabase("containers").getCollection("c").countDocuments());
        }
    }
}
