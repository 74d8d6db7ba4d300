package io.omnijourney.ingest.adapter.kafka;

import io.omnijourney.ingest.config.IngestConfig;
import io.omnijourney.kit.kafka.KafkaClientOverrides;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready means events can be published: the broker answers and the topic exists. Bounded by short timeouts so that a
 * dead broker turns readiness down within seconds rather than after the admin client's default minute.
 */
@Readiness
@ApplicationScoped
public class KafkaReadinessCheck implements HealthCheck {

    private static final int TIMEOUT_MS = 2_000;

    private final Admin admin;
    private final String topic;

    public KafkaReadinessCheck(IngestConfig config,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.topic = config.kafka().topic();
        this.admin = Admin.create(KafkaClientOverrides.admin(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "ingest-service-health",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MS,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MS)));
    }

    @Override
    public HealthCheckResponse call() {
        try {
            int brokers = admin.describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_MS)).nodes()
                    .get(TIMEOUT_MS + 500L, TimeUnit.MILLISECONDS).size();
            admin.describeTopics(List.of(topic), new DescribeTopicsOptions().timeoutMs(TIMEOUT_MS)).allTopicNames()
                    .get(TIMEOUT_MS + 500L, TimeUnit.MILLISECONDS);
            return HealthCheckResponse.named("Kafka").up().withData("brokers", brokers).withData("topic", topic)
                    .build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return down(e);
        } catch (Exception e) {
            return down(e);
        }
    }

    private HealthCheckResponse down(Exception e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return HealthCheckResponse.named("Kafka").down().withData("topic", topic)
                .withData("error", cause.getClass().getSimpleName()).build();
    }

    @PreDestroy
    void close() {
        admin.close();
    }
}
