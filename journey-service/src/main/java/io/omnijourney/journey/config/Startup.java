package io.omnijourney.journey.config;

import com.mongodb.client.MongoDatabase;
import io.omnijourney.contract.Topics;
import io.omnijourney.journey.adapter.kafka.ProfileEventConsumer;
import io.omnijourney.journey.adapter.mongo.LocalServerWorkarounds;
import io.omnijourney.journey.adapter.mongo.JourneyMigrations;
import io.omnijourney.journey.app.BackgroundJobs;
import io.omnijourney.journey.app.ExampleJourneys;
import io.omnijourney.journey.app.ProfileCache;
import io.omnijourney.journey.app.StatsStore;
import io.omnijourney.kit.messaging.ConsumerChannels;
import io.omnijourney.kit.messaging.TopicSetup;
import io.omnijourney.kit.mongo.MigrationStart;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.List;

/**
 * The service's start-up, in order:
 * <ol>
 *   <li>the schema migrations ({@link JourneyMigrations}: indexes, then the one-time passes over data stored by
 *   earlier versions: with the local-server workarounds, instances listed in their profiles' documents and the timer
 *   and outbox hints; without, the live flags on instances; then the statistics counters), applied or left to the migration Job by mode; in {@code job} mode nothing else starts;</li>
 *   <li>the topics it reads and writes exist ({@code profile-events} and its dead-letter topic,
 *   {@code notification-requests}, {@code touchpoints}; created in the background while the broker cannot be
 *   reached);</li>
 *   <li>the shipped example journeys, when {@code examples.load} is set;</li>
 *   <li>the background jobs: trigger index, timers, outbox relay;</li>
 *   <li>then the {@code profile-events} consumer.</li>
 * </ol>
 * On shutdown the background jobs stop (the consumer stops with the messaging connector).
 */
@ApplicationScoped
public class Startup {

    private final TopicSetup topics;
    private final MongoDatabase database;
    private final ProfileCache profiles;
    private final StatsStore counters;
    private final LocalServerWorkarounds workarounds;
    private final ExampleJourneys examples;
    private final BackgroundJobs jobs;
    private final ConsumerChannels consumers;
    private final JourneyServiceConfig config;
    private final Clock clock;

    public Startup(TopicSetup topics, MongoDatabase database, ProfileCache profiles, StatsStore counters,
            LocalServerWorkarounds workarounds, ExampleJourneys examples, BackgroundJobs jobs,
            ConsumerChannels consumers, JourneyServiceConfig config, Clock clock) {
        this.clock = clock;
        this.topics = topics;
        this.database = database;
        this.profiles = profiles;
        this.counters = counters;
        this.workarounds = workarounds;
        this.examples = examples;
        this.jobs = jobs;
        this.consumers = consumers;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        if (!new MigrationStart().apply(config.mongo().migrations(), database, clock,
                JourneyMigrations.all(workarounds, profiles, counters))) {
            return;
        }
        int partitions = config.topics().partitions();
        short replication = config.topics().replicationFactor();
        topics.ensure(List.of(TopicSetup.topic(Topics.PROFILE_EVENTS, partitions, replication),
                TopicSetup.topic(Topics.PROFILE_EVENTS_DLQ, 1, replication),
                TopicSetup.topic(Topics.NOTIFICATION_REQUESTS, partitions, replication),
                TopicSetup.topic(Topics.TOUCHPOINTS, partitions, replication),
                TopicSetup.topic(Topics.ERASURE_ACKS, partitions, replication)));
        if (config.examples().load()) {
            examples.loadMissing();
        }
        jobs.start();
        if (config.consumer().enabled()) {
            consumers.start(ProfileEventConsumer.CHANNEL);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        jobs.stop();
    }
}
