package io.omnijourney.ingest.adapter.kafka;

import io.omnijourney.ingest.config.IngestConfig;
import io.omnijourney.kit.kafka.KafkaClientOverrides;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Creates the topic this service writes to when it is missing (broker auto-creation is off everywhere). A broker that
 * is down at start-up does not stop the service: readiness reports it, and creation is tried again in the background.
 */
public class TopicInitializer {

    private static final Logger LOG = Logger.getLogger(TopicInitializer.class);

    void onStart(@Observes StartupEvent event, IngestConfig config,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        IngestConfig.Kafka kafka = config.kafka();
        NewTopic topic = new NewTopic(kafka.topic(), kafka.partitions(), kafka.replicationFactor());
        if (!tryCreate(bootstrapServers, topic)) {
            Thread retry = new Thread(() -> retryUntilCreated(bootstrapServers, topic), "topic-initializer");
            retry.setDaemon(true);
            retry.start();
        }
    }

    private static void retryUntilCreated(String bootstrapServers, NewTopic topic) {
        long delayMs = 1_000;
        while (!tryCreate(bootstrapServers, topic)) {
            try {
                Thread.sleep(delayMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            delayMs = Math.min(delayMs * 2, 30_000);
        }
    }

    static boolean tryCreate(String bootstrapServers, NewTopic topic) {
        try (Admin admin = Admin.create(KafkaClientOverrides.admin(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                5_000)))) {
            admin.createTopics(List.of(topic)).all().get(6, TimeUnit.SECONDS);
            LOG.infof("created topic %s with %d partitions", topic.name(), topic.numPartitions());
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return true;
            }
            LOG.warnf("could not create topic %s yet: %s", topic.name(), e.getCause().getMessage());
            return false;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warnf("could not create topic %s yet: %s", topic.name(), e.toString());
            return false;
        }
    }
}
