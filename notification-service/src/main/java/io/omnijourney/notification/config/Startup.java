package io.omnijourney.notification.config;

import com.mongodb.client.MongoDatabase;
import io.omnijourney.contract.Topics;
import io.omnijourney.kit.messaging.ConsumerChannels;
import io.omnijourney.kit.messaging.TopicSetup;
import io.omnijourney.kit.mongo.MigrationStart;
import io.omnijourney.notification.adapter.kafka.NotificationRequestConsumer;
import io.omnijourney.notification.adapter.kafka.ProfileEventConsumer;
import io.omnijourney.notification.adapter.mongo.LocalServerWorkarounds;
import io.omnijourney.notification.adapter.mongo.NotificationMigrations;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.List;

/**
 * The service's start-up, in order: the schema migrations ({@link NotificationMigrations}) are applied, left to the
 * migration Job, or, in {@code job} mode, applied and nothing else starts; the topics it reads and writes exist
 * (created in the background while the broker cannot be reached; readiness says so meanwhile); then the
 * {@code profile-events} consumer starts, then the {@code notification-requests} consumer, each unless disabled.
 */
@ApplicationScoped
public class Startup {

    private final TopicSetup topics;
    private final ConsumerChannels consumers;
    private final NotificationConfig config;

    private final MongoDatabase database;
    private final LocalServerWorkarounds workarounds;
    private final Clock clock;

    public Startup(TopicSetup topics, ConsumerChannels consumers, NotificationConfig config, MongoDatabase database,
            LocalServerWorkarounds workarounds, Clock clock) {
        this.database = database;
        this.workarounds = workarounds;
        this.clock = clock;
        this.topics = topics;
        this.consumers = consumers;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        if (!new MigrationStart().apply(config.mongo().migrations(), database, clock,
                NotificationMigrations.all(workarounds))) {
            return;
        }
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
