package io.omnijourney.ingest.config;

import com.mongodb.client.MongoClient;
import io.omnijourney.contract.Topics;
import io.omnijourney.ingest.adapter.mongo.IngestMigrations;
import io.omnijourney.ingest.app.SourceSeeder;
import io.omnijourney.kit.messaging.TopicSetup;
import io.omnijourney.kit.mongo.MigrationStart;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.List;

/**
 * The service's start-up, in order: the schema migrations ({@link IngestMigrations}) are applied, left to the
 * migration Job, or, in {@code job} mode, applied and nothing else starts; the {@code touchpoints} topic exists (created in the background while the broker
 * cannot be reached; readiness says so meanwhile), then the configured sources are seeded.
 */
@ApplicationScoped
public class Startup {

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
        seeder.seed();
    }
}
