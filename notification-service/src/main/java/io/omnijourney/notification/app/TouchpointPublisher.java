package io.omnijourney.notification.app;

import io.omnijourney.contract.touchpoint.TouchpointEvent;

/** Sends this service's touchpoints (engagements: clicks, unsubscribes) back to the {@code touchpoints} topic. */
public interface TouchpointPublisher {

    /** Publishes and returns once the broker acknowledged it; throws when it did not. */
    void publish(TouchpointEvent event);

    /** Hands the event to the producer without waiting for the broker (a failure to hand it over is thrown). */
    void offer(TouchpointEvent event);
}
