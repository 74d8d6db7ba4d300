package io.omnijourney.contract.profile;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import java.time.Instant;
import java.util.Objects;

/**
 * A record on {@code profile-events} (key: profileId). Exactly the part its kind needs is present: the touchpoint and
 * the profile after it for {@code touchpoint}; the merge for {@code profile_merged}; the segment for segment changes;
 * nothing more for {@code profile_erased}.
 *
 * @param eventId   unique and deterministic (consumers deduplicate on it): the touchpoint's messageId for
 *                  {@code touchpoint}, derived from what happened for the lifecycle kinds
 * @param profileId the profile it concerns (for a merge: the survivor)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProfileEvent(
        String eventId,
        ProfileEventKind kind,
        String profileId,
        Instant occurredAt,
        TouchpointEvent touchpoint,
        ProfileSnapshot profile,
        Merge merge,
        SegmentChange segment,
        Erasure erasure) {

    public ProfileEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(profileId, "profileId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        switch (kind) {
            case TOUCHPOINT -> {
                Objects.requireNonNull(touchpoint, "touchpoint");
                Objects.requireNonNull(profile, "profile");
            }
            case PROFILE_MERGED -> Objects.requireNonNull(merge, "merge");
            case SEGMENT_ENTERED, SEGMENT_EXITED -> Objects.requireNonNull(segment, "segment");
            case PROFILE_ERASED -> {
            }
        }
    }

    public static ProfileEvent touchpoint(String profileId, TouchpointEvent touchpoint, ProfileSnapshot profile) {
        return new ProfileEvent(touchpoint.messageId(), ProfileEventKind.TOUCHPOINT, profileId, touchpoint.timestamp(),
                touchpoint, profile, null, null, null);
    }

    public static ProfileEvent merged(String fromProfileId, String intoProfileId, String causeMessageId,
            Instant at) {
        return new ProfileEvent("merge:" + fromProfileId + ":" + intoProfileId, ProfileEventKind.PROFILE_MERGED,
                intoProfileId, at, null, null, new Merge(fromProfileId, intoProfileId, causeMessageId), null, null);
    }

    public static ProfileEvent segmentChanged(String profileId, SegmentChange segment, boolean entered, Instant at,
            long membershipVersion) {
        ProfileEventKind kind = entered ? ProfileEventKind.SEGMENT_ENTERED : ProfileEventKind.SEGMENT_EXITED;
        return new ProfileEvent(kind.wireName() + ":" + segment.segmentId() + ":" + profileId + ":"
                + membershipVersion, kind, profileId, at, null, null, null, segment, null);
    }

    public static ProfileEvent erased(String profileId, Instant at) {
        return new ProfileEvent("erased:" + profileId, ProfileEventKind.PROFILE_ERASED, profileId, at, null, null,
                null, null, null);
    }

    /**
     * The erasure of one profile id, part of the erasure request {@code erasureId}: every service that keeps data of
     * the profile purges it, then acknowledges on {@code erasure-acks} ({@link ErasureAck}).
     */
    public static ProfileEvent erased(String profileId, String erasureId, Instant at) {
        return new ProfileEvent("erased:" + profileId, ProfileEventKind.PROFILE_ERASED, profileId, at, null, null,
                null, null, new Erasure(erasureId));
    }

    /** {@code fromProfileId} now redirects to {@code intoProfileId}; {@code causeMessageId} linked them. */
    public record Merge(String fromProfileId, String intoProfileId, String causeMessageId) {
    }

    public record SegmentChange(String segmentId, String segmentName) {
    }

    /** Which erasure request a {@code profile_erased} belongs to (absent on events of older versions). */
    public record Erasure(String erasureId) {
    }
}
