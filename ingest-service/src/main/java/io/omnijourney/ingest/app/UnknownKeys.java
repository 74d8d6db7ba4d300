package io.omnijourney.ingest.app;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Hashes of write keys that matched no source, each remembered for a while. Bounded: when full it starts over, which
 * costs one lookup per key again and never lets a flood of made-up keys grow the heap.
 */
final class UnknownKeys {

    private final long ttlNanos;
    private final int maxEntries;
    private final LongSupplier nanoTime;
    private final Map<String, Long> expiries = new ConcurrentHashMap<>();

    UnknownKeys(Duration ttl, int maxEntries, LongSupplier nanoTime) {
        this.ttlNanos = ttl.toNanos();
        this.maxEntries = maxEntries;
        this.nanoTime = nanoTime;
    }

    boolean contains(String keyHash) {
        Long expiresAt = expiries.get(keyHash);
        if (expiresAt == null) {
            return false;
        }
        if (nanoTime.getAsLong() - expiresAt < 0) {
            return true;
        }
        expiries.remove(keyHash, expiresAt);
        return false;
    }

    void add(String keyHash) {
        if (ttlNanos <= 0 || maxEntries <= 0) {
            return;
        }
        if (expiries.size() >= maxEntries) {
            expiries.clear();
        }
        expiries.put(keyHash, nanoTime.getAsLong() + ttlNanos);
    }

    void clear() {
        expiries.clear();
    }

    int size() {
        return expiries.size();
    }
}
