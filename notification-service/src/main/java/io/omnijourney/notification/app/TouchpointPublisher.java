package io.omnijourney.notification.app;

import io.omnijourney.contract.touchpoint.TouchpointEvent;

/** Sends this service's touchpoints (engagements: clicks, unsubscribes) back to the {@code touchpoints} topic. */
public interface TouchpointPublisher {

    /** Publishes and returns once the broker acknowledged it; {@link Unavailable} when it did not. */
    void publish(TouchpointEvent event);

    /** Hands the event to the producer without waiting for the broker; {@link Unavailable} when it cannot. */
    void offer(TouchpointEvent event);

    /** The broker did not take the event (unreachable, or no acknowledgement in time). */
    final class Unavailable extends RuntimeException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
