package io.omnijourney.testsupport;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;
import org.testcontainers.utility.DockerImageName;

/** The containers mode of {@link SharedInfra}; Testcontainers' Ryuk removes them when the JVM exits. */
final class SharedContainers {

    private static KafkaContainer kafka;
    private static MongoDBContainer mongo;

    private SharedContainers() {
    }

    static boolean dockerAvailable() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    static synchronized String kafkaBootstrapServers() {
        if (kafka == null) {
            KafkaContainer container = newKafkaContainer();
            container.start();
            kafka = container;
        }
        return kafka.getBootstrapServers();
    }

    static synchronized String mongoConnectionString() {
        if (mongo == null) {
            MongoDBContainer container = newMongoContainer();
            container.start();
            mongo = container;
        }
        return mongo.getConnectionString();
    }

    /** Configured like the embedded broker where it matters to tests: topics are never auto-created. */
    static KafkaContainer newKafkaContainer() {
        return new KafkaContainer(DockerImageName.parse(SharedInfra.KAFKA_IMAGE))
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
    }

    static MongoDBContainer newMongoContainer() {
        return new MongoDBContainer(DockerImageName.parse(SharedInfra.MONGO_IMAGE));
    }
}
