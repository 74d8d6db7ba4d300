package io.omnijourney.profile.adapter.mongo;

import org.bson.Document;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The profile documents as last read, by id, so that the write that follows a read can send what changed instead of
 * the whole document (the snapshot a unit of work keeps for dirty checking). A document is used once, and only by a
 * write conditional on the very version it was read at: the version condition then guarantees that the stored
 * document is still this one, field for field.
 *
 * <p>Bounded: the least recently read go first. A write that finds nothing (evicted, never read here, read by
 * another instance) replaces the whole document, as every write did before; that costs bytes, never correctness.
 */
final class DocumentsAsRead {

    /**
     * Two polls' worth of distinct profiles (a poll is at most 500 touchpoints, read and written back before the
     * next): enough for the read-then-write of every batch and resolver step, while bounding what is held (a
     * profile document is a few KB, about 25 KB at its bounds).
     */
    static final int CAPACITY = 1024;

    private final Map<String, Document> byId = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Document> eldest) {
            return size() > CAPACITY;
        }
    };

    /**
     * Keeps {@code stored} for the next write of its id, exactly as read from the server: with any field a profile no
     * longer has (the digest earlier versions stored), which that write then unsets.
     */
    synchronized void remember(Document stored) {
        byId.put(stored.getString(ProfileDocuments.ID), stored);
    }

    /** The document read for {@code id} if it was read at {@code version}; forgotten either way. */
    synchronized Document take(String id, long version) {
        Document stored = byId.remove(id);
        if (stored == null || !(stored.get(ProfileDocuments.VERSION) instanceof Number read)
                || read.longValue() != version) {
            return null;
        }
        return stored;
    }

    synchronized void forget(String id) {
        byId.remove(id);
    }
}
