package io.omnijourney.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;

class TestResourcesTest {

    @Test
    void kafkaResourceCreatesTopicsAndPointsAtTheSharedBroker() throws Exception {
        String orders = SharedKafkaTest.unique("orders");
        String audit = SharedKafkaTest.unique("audit");
        KafkaTestResource resource = new KafkaTestResource();
        resource.init(Map.of(KafkaTestResource.TOPICS, orders + ":3, " + audit));

        Map<String, String> config = resource.start();

        assertEquals(Map.of("kafka.bootstrap.servers", SharedInfra.kafkaBootstrapServers()), config);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                config.get("kafka.bootstrap.servers")))) {
            Map<String, TopicDescription> topics = admin.describeTopics(List.of(orders, audit)).allTopicNames()
                    .get(10, TimeUnit.SECONDS);
            assertEquals(3, topics.get(orders).partitions().size());
            assertEquals(1, topics.get(audit).partitions().size());
        }
        resource.stop();
    }

    @Test
    void mongoResourcePointsAtTheSharedServer() {
        assertEquals(Map.of("quarkus.mongodb.connection-string", SharedInfra.mongoConnectionString()),
                new MongoTestResource().start());
    }
}
