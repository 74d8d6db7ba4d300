package io.omnijourney.journey.config;

import com.mongodb.client.MongoDatabase;
import io.omnijourney.contract.Topics;
import io.omnijourney.journey.adapter.kafka.ProfileEventConsumer;
import io.omnijourney.journey.adapter.mongo.LocalServerWorkarounds;
import io.omnijourney.journey.adapter.mongo.StatsCounterPass;
import io.omnijourney.journey.app.BackgroundJobs;
import io.omnijourney.journey.app.ExampleJourneys;
import io.omnijourney.journey.app.ProfileCache;
import io.omnijourney.journey.app.StatsStore;
import io.omnijourney.kit.messaging.ConsumerChannels;
import io.omnijourney.kit.messaging.TopicSetup;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;

/**
 * The service's start-up, in order (the MongoDB stores create their indexes when they are built, before any of
 * this):
 * <ol>
 *   <li>the topics it reads and writes exist ({@code profile-events} and its dead-letter topic,
 *   {@code notification-requests}, {@code touchpoints}; created in the background while the broker cannot be
 *   reached);</li>
 *   <li>the one-time passes over data stored by earlier versions (each runs once, marked in {@code migrations}):
 *   those of the MongoDB path in use ({@code LocalServerWorkarounds.runDataPasses}: with the local-server
 *   workarounds, instances listed in their profiles' documents, then the timer and outbox hints; without, the live
 *   flags on instances), then the statistics counters;</li>
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

    public Startup(TopicSetup topics, MongoDatabase database, ProfileCache profiles, StatsStore counters,
            LocalServerWorkarounds workarounds, ExampleJourneys examples, BackgroundJobs jobs,
            ConsumerChannels consumers, JourneyServiceConfig config) {
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
        int partitions = config.topics().partitions();
        short replication = config.topics().replicationFactor();
        topics.ensure(List.of(TopicSetup.topic(Topics.PROFILE_EVENTS, partitions, replication),
                TopicSetup.topic(Topics.PROFILE_EVENTS_DLQ, 1, replication),
                TopicSetup.topic(Topics.NOTIFICATION_REQUESTS, partitions, replication),
                TopicSetup.topic(Topics.TOUCHPOINTS, partitions, replication),
                TopicSetup.topic(Topics.ERASURE_ACKS, partitions, replication)));
        workarounds.runDataPasses(database, profiles);
        StatsCounterPass.run(database, counters);
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
