package io.omnijourney.profile.app;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A GDPR erasure request as recorded before anything is purged or published: it is what makes the erasure durable.
 * The purge and the publication of {@code profile_erased} (its outbox) are completed from this record, inline when
 * the request is made and by the {@link ErasureRelay} after a failure or a restart.
 *
 * @param erasureId   derived from the live profile id asked for, so that concurrent and repeated requests for the
 *                    same person (or a profile merged into them) converge on one request
 * @param profileId   the live profile the request was made for
 * @param profileIds  that profile and every profile merged into it (grows if a merge lands before the purge)
 * @param purge       when this service purged the profiles, or null while it has not
 * @param publication the outbox entry: {@code profile_erased} for each profile id, published or pending
 */
public record ErasureRequest(String erasureId, String profileId, List<String> profileIds, Instant requestedAt,
        Purge purge, Publication publication) {

    public ErasureRequest {
        Objects.requireNonNull(erasureId, "erasureId");
        Objects.requireNonNull(profileId, "profileId");
        Objects.requireNonNull(requestedAt, "requestedAt");
        Objects.requireNonNull(publication, "publication");
        profileIds = List.copyOf(profileIds);
    }

    /** A new request: nothing purged, the publication pending. */
    public static ErasureRequest of(String profileId, List<String> profileIds, Instant requestedAt) {
        return new ErasureRequest(idFor(profileId), profileId, profileIds, requestedAt, null,
                Publication.pending());
    }

    /** The erasure id of a live profile: the same for every request about it. */
    public static String idFor(String liveProfileId) {
        return "er-" + UUID.nameUUIDFromBytes(("erasure:" + liveProfileId).getBytes(StandardCharsets.UTF_8));
    }

    public boolean purged() {
        return purge != null;
    }

    public boolean published() {
        return publication.sentAt() != null;
    }

    /** Nothing left to do here: purged and published (the other services' acknowledgements may still come). */
    public boolean finished() {
        return purged() && published();
    }

    /** What this service purged, and when. */
    public record Purge(Instant at, int identifiers, long timelineEntries) {
    }

    /**
     * The outbox state of the request's {@code profile_erased} events.
     *
     * @param attempts      failed publication attempts so far
     * @param lastError     why the last attempt failed (no personal data: the broker's message)
     * @param nextAttemptAt when the relay tries again (null: at once)
     * @param sentAt        when the broker acknowledged every event (null: pending)
     */
    public record Publication(int attempts, String lastError, Instant nextAttemptAt, Instant sentAt) {

        public static Publication pending() {
            return new Publication(0, null, null, null);
        }
    }
}
