package io.omnijourney.profile.app;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Port: erasure requests, found by their id or by any profile id they concern. */
public interface ErasureRequests {

    /** Stores the request unless one with its id exists; returns the stored one either way. */
    ErasureRequest recordIfAbsent(ErasureRequest request);

    Optional<ErasureRequest> byId(String erasureId);

    /** The request that concerns this profile id, if any. */
    Optional<ErasureRequest> bySubject(String profileId);

    /** Adds profile ids to the request (and makes it found by them). */
    void addSubjects(String erasureId, Collection<String> profileIds);

    void markPurged(String erasureId, ErasureRequest.Purge purge);

    void markPublished(String erasureId, Instant sentAt);

    void publicationFailed(String erasureId, int attempts, String error, Instant nextAttemptAt);

    /** Requests not yet purged or published, oldest first. */
    List<ErasureRequest> unfinished(int limit);
}
