package io.omnijourney.profile.app;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

import io.omnijourney.profile.domain.Identifier;

import java.util.Optional;

/** Identifier key to owning profile; one entry per key, enforced by the store's unique key. */
public interface IdentityIndex {

    Optional<IndexEntry> owner(Identifier identifier);

    /** The entries of those identifiers that have one, in one round trip. */
    Map<Identifier, IndexEntry> owners(Collection<Identifier> identifiers);

    /**
     * {@link #claim} for many identifiers in one round trip.
     *
     * @return the identifiers whose key already existed: their claims were not made
     */
    Set<Identifier> claimAll(Map<Identifier, IndexEntry> claims);

    /** Inserts {@code entry} unless the key exists. Returns the entry now stored: {@code entry} itself if it won. */
    IndexEntry claim(Identifier identifier, IndexEntry entry);

    /** Replaces the entry only if it still equals {@code expected}. */
    boolean repoint(Identifier identifier, IndexEntry expected, IndexEntry next);

    /** Deletes the entry only if it still points to {@code holderId}. */
    boolean release(Identifier identifier, String holderId);
}
