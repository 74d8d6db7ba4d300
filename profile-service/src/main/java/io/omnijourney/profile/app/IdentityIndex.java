package io.omnijourney.profile.app;

import io.omnijourney.profile.domain.Identifier;

import java.util.Optional;

/** Identifier key to owning profile; one entry per key, enforced by the store's unique key. */
public interface IdentityIndex {

    Optional<IndexEntry> owner(Identifier identifier);

    /** Inserts {@code entry} unless the key exists. Returns the entry now stored: {@code entry} itself if it won. */
    IndexEntry claim(Identifier identifier, IndexEntry entry);

    /** Replaces the entry only if it still equals {@code expected}. */
    boolean repoint(Identifier identifier, IndexEntry expected, IndexEntry next);

    /** Deletes the entry only if it still points to {@code holderId}. */
    boolean release(Identifier identifier, String holderId);
}
