package io.omnijourney.notification.adapter.kafka;

import io.omnijourney.contract.Topics;
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
 * Ready means requests are being consumed: the broker answers, the request topic exists, and neither consumer thread
 * has died (a dead consumer would otherwise leave the service up and silently idle). Short timeouts, so a dead broker
 * turns readiness down within seconds.
 */
@Readiness
@ApplicationScoped
public class KafkaReadinessCheck implements HealthCheck {

    private static final int TIMEOUT_MS = 2_000;

    private final Admin admin;
    private final NotificationRequestConsumer requests;
    private final ProfileEventConsumer profileEvents;

    public KafkaReadinessCheck(NotificationRequestConsumer requests, ProfileEventConsumer profileEvents,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.requests = requests;
        this.profileEvents = profileEvents;
        this.admin = Admin.create(KafkaClientOverrides.admin(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "notification-service-health",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MS,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MS)));
    }

    @Override
    public HealthCheckResponse call() {
        if (requests.died() || profileEvents.died()) {
            return HealthCheckResponse.named("Kafka").down().withData("error", "a consumer thread stopped").build();
        }
        try {
            int brokers = admin.describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_MS)).nodes()
                    .get(TIMEOUT_MS + 500L, TimeUnit.MILLISECONDS).size();
            admin.describeTopics(List.of(Topics.NOTIFICATION_REQUESTS), new DescribeTopicsOptions()
                    .timeoutMs(TIMEOUT_MS)).allTopicNames().get(TIMEOUT_MS + 500L, TimeUnit.MILLISECONDS);
            return HealthCheckResponse.named("Kafka").up().withData("brokers", brokers).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return down(e);
        } catch (Exception e) {
            return down(e);
        }
    }

    private HealthCheckResponse down(Exception e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return HealthCheckResponse.named("Kafka").down().withData("error", cause.getClass().getSimpleName()).build();
    }

    @PreDestroy
    void close() {
        admin.close();
    }
}
