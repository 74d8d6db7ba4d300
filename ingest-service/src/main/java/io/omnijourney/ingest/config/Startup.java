package io.omnijourney.ingest.config;

import com.mongodb.client.MongoClient;
import io.omnijourney.contract.Topics;
import io.omnijourney.ingest.adapter.mongo.IngestMigrations;
import io.omnijourney.ingest.app.SourceSeeder;
import io.omnijourney.kit.messaging.StartupRetries;
import io.omnijourney.kit.messaging.TopicSetup;
import io.omnijourney.kit.mongo.MigrationStart;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The service's start-up, in order: the schema migrations ({@link IngestMigrations}) are applied, left to the
 * migration Job, or, in {@code job} mode, applied and nothing else starts; the {@code touchpoints} topic exists (created in the background while the broker
 * cannot be reached; readiness says so meanwhile), then the configured sources are seeded.
 */
@ApplicationScoped
public class Startup {

    /** How long seeding waits out a MongoDB outage before start-up fails (the startup probe allows 120 s). */
    private static final Duration SEED_PATIENCE = Duration.ofSeconds(90);

    private final TopicSetup topics;
    private final SourceSeeder seeder;
    private final IngestConfig config;

    private final MongoClient mongo;
    private final Clock clock;

    public Startup(TopicSetup topics, SourceSeeder seeder, IngestConfig config, MongoClient mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
        this.topics = topics;
        this.seeder = seeder;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        if (!new MigrationStart().apply(config.mongo().migrations(), mongo.getDatabase(config.database()), clock,
                IngestMigrations.all())) {
            return;
        }
        IngestConfig.Kafka kafka = config.kafka();
        topics.ensure(List.of(TopicSetup.topic(Topics.TOUCHPOINTS, kafka.partitions(), kafka.replicationFactor())));
        // A loaded machine can hold MongoDB's first answers past the 2 s read timeout: wait for it, do not exit.
        StartupRetries.untilDone("seeding the configured sources", seeder::seed, SEED_PATIENCE);
    }
}
