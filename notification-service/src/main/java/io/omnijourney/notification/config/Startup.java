package io.omnijourney.notification.config;

import io.omnijourney.contract.Topics;
import io.omnijourney.kit.messaging.ConsumerChannels;
import io.omnijourney.kit.messaging.TopicSetup;
import io.omnijourney.notification.adapter.kafka.NotificationRequestConsumer;
import io.omnijourney.notification.adapter.kafka.ProfileEventConsumer;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;

/**
 * The service's start-up, in order: the topics it reads and writes exist (created in the background while the broker
 * cannot be reached; readiness says so meanwhile); then the {@code profile-events} consumer starts, then the
 * {@code notification-requests} consumer, each unless disabled. The MongoDB stores create their indexes when they are
 * built, on first use.
 */
@ApplicationScoped
public class Startup {

    private final TopicSetup topics;
    private final ConsumerChannels consumers;
    private final NotificationConfig config;

    public Startup(TopicSetup topics, ConsumerChannels consumers, NotificationConfig config) {
        this.topics = topics;
        this.consumers = consumers;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        int partitions = config.topics().partitions();
        short replication = config.topics().replicationFactor();
        topics.ensure(List.of(TopicSetup.topic(Topics.NOTIFICATION_REQUESTS, partitions, replication),
                TopicSetup.topic(Topics.NOTIFICATION_REQUESTS_DLQ, 1, replication),
                TopicSetup.topic(Topics.PROFILE_EVENTS, partitions, replication),
                TopicSetup.topic(Topics.PROFILE_EVENTS_DLQ, 1, replication),
                TopicSetup.topic(Topics.TOUCHPOINTS, partitions, replication),
                TopicSetup.topic(Topics.ERASURE_ACKS, partitions, replication)));
        if (config.profileEvents().enabled()) {
            consumers.start(ProfileEventConsumer.CHANNEL);
        }
        if (config.requests().enabled()) {
            consumers.start(NotificationRequestConsumer.CHANNEL);
        }
    }
}
