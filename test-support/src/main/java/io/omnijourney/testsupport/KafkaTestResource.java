package io.omnijourney.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.List;
import java.util.Map;

/**
 * Points a Quarkus test application at the shared Kafka broker ({@code kafka.bootstrap.servers}).
 *
 * <pre>
 * &#64;WithTestResource(value = KafkaTestResource.class,
 *         initArgs = &#64;ResourceArg(name = KafkaTestResource.TOPICS, value = "orders:3,audit"))
 * </pre>
 *
 * The broker is shared by the whole test JVM, so {@link #stop()} leaves it running.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    /** Comma-separated {@code name[:partitions]} topics to create before the application starts. */
    public static final String TOPICS = "topics";

    private List<TopicSpec> topics = List.of();

    @Override
    public void init(Map<String, String> initArgs) {
        topics = TopicSpec.parseList(initArgs.get(TOPICS));
    }

    @Override
    public Map<String, String> start() {
        String bootstrapServers = SharedInfra.kafkaBootstrapServers();
        try (KafkaTestClient client = new KafkaTestClient(bootstrapServers)) {
            client.createTopics(topics);
        }
        return Map.of("kafka.bootstrap.servers", bootstrapServers);
    }

    @Override
    public void stop() {
        // Shared across test classes; SharedInfra stops it when the JVM exits.
    }
}
