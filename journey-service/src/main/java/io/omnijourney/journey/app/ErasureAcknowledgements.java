package io.omnijourney.journey.app;

import io.omnijourney.contract.profile.ErasureAck;
import java.util.List;

/**
 * Port: tells profile-service, on {@code erasure-acks}, that this service has purged a profile for an erasure request;
 * returns once the broker acknowledged every one (or throws).
 */
@FunctionalInterface
public interface ErasureAcknowledgements {

    /** The {@code service} this service names in its acknowledgements. */
    String SERVICE = "journey-service";

    void acknowledge(List<ErasureAck> acks);
}
