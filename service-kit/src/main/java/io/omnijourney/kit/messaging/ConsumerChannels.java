package io.omnijourney.kit.messaging;

import io.smallrye.reactive.messaging.ChannelRegistry;
import io.smallrye.reactive.messaging.PausableChannel;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Starts and stops incoming channels. Every consumer channel is declared {@code pausable}, initially paused with a
 * late subscription, so its Kafka consumer joins the group only when the service's start-up steps start it, after
 * the topics exist and the stores are ready.
 */
@ApplicationScoped
public class ConsumerChannels {

    private static final Logger LOG = Logger.getLogger(ConsumerChannels.class);

    private final ChannelRegistry registry;

    public ConsumerChannels(ChannelRegistry registry) {
        this.registry = registry;
    }

    /** Starts consuming the channel. */
    public void start(String channel) {
        pausable(channel).resume();
        LOG.infof("consuming %s", channel);
    }

    /** Stops requesting records of the channel (what is in hand is still handled and committed). */
    public void stop(String channel) {
        pausable(channel).pause();
    }

    private PausableChannel pausable(String channel) {
        PausableChannel pausable = registry.getPausable(channel);
        if (pausable == null) {
            throw new IllegalStateException("incoming channel '" + channel + "' is not declared pausable "
                    + "(mp.messaging.incoming." + channel + ".pausable=true)");
        }
        return pausable;
    }
}
