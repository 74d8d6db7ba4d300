package io.omnijourney.profile.config;

import com.mongodb.client.MongoDatabase;
import io.omnijourney.contract.Topics;
import io.omnijourney.kit.mongo.MigrationStart;
import io.omnijourney.profile.adapter.mongo.LocalServerWorkarounds;
import io.omnijourney.profile.adapter.mongo.ProfileMigrations;
import io.omnijourney.kit.messaging.ConsumerChannels;
import io.omnijourney.profile.adapter.kafka.TouchpointConsumer;
import io.omnijourney.kit.messaging.TopicSetup;
import io.omnijourney.profile.adapter.kafka.ErasureAckConsumer;
import io.omnijourney.profile.app.ErasureRelay;
import io.omnijourney.profile.app.SegmentSweeper;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.List;

/**
 * The service's start-up, in order: the schema migrations ({@link ProfileMigrations}) are applied, left to the
 * migration Job, or, in {@code job} mode, applied and nothing else starts; the topics it reads and writes exist; the
 * segment definitions are loaded and the sweeps scheduled; the erasure relay starts (it completes erasures a failure
 * or a restart interrupted); then the {@code erasure-acks} and {@code touchpoints} consumers start.
 */
@ApplicationScoped
public class Startup {

    private final TopicSetup topics;
    private final SegmentSweeper sweeper;
    private final ErasureRelay erasureRelay;
    private final ConsumerChannels consumers;
    private final ProfileServiceConfig config;

    private final MongoDatabase database;
    private final LocalServerWorkarounds local;
    private final Clock clock;

    public Startup(TopicSetup topics, SegmentSweeper sweeper, ErasureRelay erasureRelay, ConsumerChannels consumers,
            ProfileServiceConfig config, MongoDatabase database, LocalServerWorkarounds local, Clock clock) {
        this.database = database;
        this.local = local;
        this.clock = clock;
        this.topics = topics;
        this.sweeper = sweeper;
        this.erasureRelay = erasureRelay;
        this.consumers = consumers;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        if (!new MigrationStart().apply(config.mongo().migrations(), database, clock, ProfileMigrations.all(local))) {
            return;
        }
        int partitions = config.topics().partitions();
        short replication = config.topics().replicationFactor();
        topics.ensure(List.of(TopicSetup.topic(Topics.TOUCHPOINTS, partitions, replication),
                TopicSetup.topic(Topics.TOUCHPOINTS_DLQ, 1, replication),
                TopicSetup.topic(Topics.PROFILE_EVENTS, partitions, replication),
                TopicSetup.topic(Topics.ERASURE_ACKS, partitions, replication),
                TopicSetup.topic(Topics.dlq(Topics.ERASURE_ACKS), 1, replication)));
        sweeper.start();
        erasureRelay.start();
        consumers.start(ErasureAckConsumer.CHANNEL);
        if (config.consumer().enabled()) {
            consumers.start(TouchpointConsumer.CHANNEL);
        }
    }
}
