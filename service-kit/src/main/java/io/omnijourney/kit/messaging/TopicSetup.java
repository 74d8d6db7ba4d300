package io.omnijourney.kit.messaging;

import io.omnijourney.kit.kafka.KafkaClientOverrides;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
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
 * Creates the topics a service reads and writes when they are missing (broker auto-creation is off everywhere). A
 * broker that is down at start-up does not stop the service: readiness reports it, and creation is tried again in
 * the background until it succeeds.
 */
@ApplicationScoped
public class TopicSetup {

    private static final Logger LOG = Logger.getLogger(TopicSetup.class);

    private final String bootstrapServers;

    public TopicSetup(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** A topic and its partition count; a dead-letter topic has one partition. */
    public static NewTopic topic(String name, int partitions, short replicationFactor) {
        return new NewTopic(name, partitions, replicationFactor);
    }

    /** Creates the missing topics now, or keeps trying in the background when the broker cannot be reached. */
    public void ensure(List<NewTopic> topics) {
        List<NewTopic> missing = tryCreate(topics);
        if (!missing.isEmpty()) {
            Thread retry = new Thread(() -> retryUntilCreated(missing), "topic-setup");
            retry.setDaemon(true);
            retry.start();
        }
    }

    private void retryUntilCreated(List<NewTopic> topics) {
        long delayMs = 1_000;
        List<NewTopic> missing = topics;
        while (!missing.isEmpty()) {
            try {
                Thread.sleep(delayMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            delayMs = Math.min(delayMs * 2, 30_000);
            missing = tryCreate(missing);
        }
    }

    /** Returns the topics that could not be created (nor found). */
    private List<NewTopic> tryCreate(List<NewTopic> topics) {
        List<NewTopic> missing = new ArrayList<>();
        try (Admin admin = Admin.create(KafkaClientOverrides.admin(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000)))) {
            for (NewTopic topic : topics) {
                try {
                    admin.createTopics(List.of(topic)).all().get(6, TimeUnit.SECONDS);
                    LOG.infof("created topic %s with %d partitions", topic.name(), topic.numPartitions());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        LOG.warnf("could not create topic %s yet: %s", topic.name(), e.getCause().getMessage());
                        missing.add(topic);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return topics;
        } catch (Exception e) {
            LOG.warnf("could not create topics yet: %s", e.toString());
            return topics;
        }
        return missing;
    }
}
