package io.omnijourney.profile.config;

import io.omnijourney.contract.Topics;
import io.omnijourney.kit.messaging.ConsumerChannels;
import io.omnijourney.profile.adapter.kafka.TouchpointConsumer;
import io.omnijourney.kit.messaging.TopicSetup;
import io.omnijourney.profile.app.SegmentSweeper;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;

/**
 * The service's start-up, in order: the topics it reads and writes exist; the segment definitions are loaded and the
 * sweeps scheduled; then the {@code touchpoints} consumer starts (the MongoDB stores create their indexes when they
 * are built, before any of this).
 */
@ApplicationScoped
public class Startup {

    private final TopicSetup topics;
    private final SegmentSweeper sweeper;
    private final ConsumerChannels consumers;
    private final ProfileServiceConfig config;

    public Startup(TopicSetup topics, SegmentSweeper sweeper, ConsumerChannels consumers, ProfileServiceConfig config) {
        this.topics = topics;
        this.sweeper = sweeper;
        this.consumers = consumers;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        int partitions = config.topics().partitions();
        short replication = config.topics().replicationFactor();
        topics.ensure(List.of(TopicSetup.topic(Topics.TOUCHPOINTS, partitions, replication),
                TopicSetup.topic(Topics.TOUCHPOINTS_DLQ, 1, replication),
                TopicSetup.topic(Topics.PROFILE_EVENTS, partitions, replication)));
        sweeper.start();
        if (config.consumer().enabled()) {
            consumers.start(TouchpointConsumer.CHANNEL);
        }
    }
}
