package io.omnijourney.ingest.app;

import io.omnijourney.contract.touchpoint.TouchpointEvent;
import java.util.List;

/** Writes touchpoints to the log; returns only once the broker has acknowledged every one of them. */
public interface TouchpointPublisher {

    void publish(List<TouchpointEvent> events) throws PublishFailedException;
}
