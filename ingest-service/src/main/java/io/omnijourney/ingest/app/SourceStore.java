package io.omnijourney.ingest.app;

import io.omnijourney.ingest.domain.source.AllowedOrigins;
import io.omnijourney.ingest.domain.source.Source;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where sources and the hashes of their write keys are kept. */
public interface SourceStore {

    /** Stores a new source; false when a source with this id exists already (nothing is changed then). */
    boolean insert(Source source, String keyHash);

    Optional<Source> findById(String id);

    /** The active source whose current key, or previous key still within its grace period, has this hash. */
    Optional<Source> findActiveByKeyHash(String keyHash, Instant now);

    List<Source> list();

    /** Replaces the key of an active source; the previous key stays valid until {@code previousValidUntil}. */
    Optional<Source> rotateKey(String id, String newKeyHash, String newKeyPrefix, Instant now,
            Instant previousValidUntil);

    /** Replaces the browser origins of a source. */
    Optional<Source> updateAllowedOrigins(String id, AllowedOrigins origins);

    /** Revokes a source: none of its keys is accepted any more. */
    Optional<Source> revoke(String id, Instant now);
}
