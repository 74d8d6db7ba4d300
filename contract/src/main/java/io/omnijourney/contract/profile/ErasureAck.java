package io.omnijourney.contract.profile;

import java.time.Instant;
import java.util.Objects;

/**
 * A record on {@code erasure-acks} (key: erasureId): {@code service} has purged what it kept of {@code profileId}
 * for the erasure request {@code erasureId}. profile-service collects them to show each service's completion.
 *
 * @param ackId deterministic ({@code <erasureId>:<profileId>:<service>}): consumers deduplicate on it
 */
public record ErasureAck(String ackId, String erasureId, String profileId, String service, Instant completedAt) {

    public ErasureAck {
        Objects.requireNonNull(ackId, "ackId");
        Objects.requireNonNull(erasureId, "erasureId");
        Objects.requireNonNull(profileId, "profileId");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(completedAt, "completedAt");
    }

    public static ErasureAck of(String erasureId, String profileId, String service, Instant completedAt) {
        return new ErasureAck(erasureId + ":" + profileId + ":" + service, erasureId, profileId, service,
                completedAt);
    }
}
