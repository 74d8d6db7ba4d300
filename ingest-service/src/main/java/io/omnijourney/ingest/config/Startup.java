package io.omnijourney.ingest.config;

import io.omnijourney.contract.Topics;
import io.omnijourney.ingest.app.SourceSeeder;
import io.omnijourney.kit.messaging.TopicSetup;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;

/**
 * The service's start-up, in order: the {@code touchpoints} topic exists (created in the background while the broker
 * cannot be reached; readiness says so meanwhile), then the configured sources are seeded.
 */
@ApplicationScoped
public class Startup {

    private final TopicSetup topics;
    private final SourceSeeder seeder;
    private final IngestConfig config;

    public Startup(TopicSetup topics, SourceSeeder seeder, IngestConfig config) {
        this.topics = topics;
        this.seeder = seeder;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        IngestConfig.Kafka kafka = config.kafka();
        topics.ensure(List.of(TopicSetup.topic(Topics.TOUCHPOINTS, kafka.partitions(), kafka.replicationFactor())));
        seeder.seed();
    }
}
