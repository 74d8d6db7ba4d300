package io.omnijourney.profile.domain;

import java.util.Map;
import java.util.function.Supplier;

/** Last-write-wins by {@link EventStamp}: commutative, associative and idempotent, so merges and replays converge. */
final class LastWriteWins {

    private LastWriteWins() {
    }

    static <V extends Stamped> V newer(V current, V candidate) {
        if (current == null) {
            return candidate;
        }
        if (candidate == null) {
            return current;
        }
        return candidate.stamp().supersedes(current.stamp()) ? candidate : current;
    }

    static <K, V extends Stamped> void put(Map<K, V> target, K key, V candidate) {
        target.put(key, newer(target.get(key), candidate));
    }

    static <K, V extends Stamped> Map<K, V> merge(Map<K, V> left, Map<K, V> right, Supplier<Map<K, V>> factory) {
        Map<K, V> merged = factory.get();
        merged.putAll(left);
        right.forEach((key, value) -> put(merged, key, value));
        return merged;
    }
}
