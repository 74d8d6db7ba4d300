package io.omnijourney.notification.adapter.kafka;

import io.omnijourney.contract.Topics;
import io.omnijourney.kit.kafka.KafkaClientOverrides;
import io.omnijourney.notification.config.NotificationConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Creates the topics this service reads and writes when they are missing (broker auto-creation is off), before the
 * consumers start.
 */
public class TopicInitializer {

    private static final Logger LOG = Logger.getLogger(TopicInitializer.class);

    void onStart(@Observes @Priority(1) StartupEvent event, NotificationConfig config,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        int partitions = config.topics().partitions();
        short replication = config.topics().replicationFactor();
        try (Admin admin = Admin.create(KafkaClientOverrides.admin(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000)))) {
            for (NewTopic topic : List.of(new NewTopic(Topics.NOTIFICATION_REQUESTS, partitions, replication),
                    new NewTopic(Topics.NOTIFICATION_REQUESTS_DLQ, 1, replication),
                    new NewTopic(Topics.TOUCHPOINTS, partitions, replication),
                    new NewTopic(Topics.PROFILE_EVENTS, partitions, replication),
                    new NewTopic(Topics.PROFILE_EVENTS_DLQ, 1, replication))) {
                try {
                    admin.createTopics(List.of(topic)).all().get(10, TimeUnit.SECONDS);
                    LOG.infof("created topic %s", topic.name());
                } catch (java.util.concurrent.ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        LOG.warnf("could not create topic %s: %s", topic.name(), e.getCause().getMessage());
                    }
                }
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warnf("could not create topics: %s", e.toString());
        }
    }
}
