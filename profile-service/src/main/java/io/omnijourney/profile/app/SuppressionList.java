package io.omnijourney.profile.app;

import io.omnijourney.profile.domain.Identifier;
import java.util.Collection;
import java.util.Set;

/**
 * Identifiers of erased profiles. Kept only as keyed one-way hashes, so the list itself does not keep the personal data the
 * erasure removed; new events that carry any of them are dropped.
 */
public interface SuppressionList {

    void suppress(Collection<Identifier> identifiers);

    boolean anySuppressed(Collection<Identifier> identifiers);

    /** Those of the identifiers that are suppressed, in one round trip. */
    Set<Identifier> suppressedAmong(Collection<Identifier> identifiers);
}
