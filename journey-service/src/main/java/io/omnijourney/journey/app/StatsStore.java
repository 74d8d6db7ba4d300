package io.omnijourney.journey.app;

import io.omnijourney.journey.app.StatCounts.CounterKey;
import java.util.Collection;
import java.util.Map;

/**
 * The statistics counters: one record per journey version and one per step of it, incremented as instances change
 * ({@link StatCounts}) and read by {@link StatsService} without reading any instance.
 */
public interface StatsStore {

    /** Adds the increments (one unordered bulk write of {@code $inc}, counters created when missing). */
    void add(StatCounts counts);

    /** Sets these counters to exactly these values (the one-time pass that starts them from existing instances). */
    void replace(StatCounts counts);

    /** The stored counters with these keys; missing ones are absent. */
    Map<CounterKey, Map<String, Long>> read(Collection<CounterKey> keys);

    /** Counts nothing (tests of other parts and tools that write instances by hand). */
    StatsStore NONE = new StatsStore() {
        @Override
        public void add(StatCounts counts) {
        }

        @Override
        public void replace(StatCounts counts) {
        }

        @Override
        public Map<CounterKey, Map<String, Long>> read(Collection<CounterKey> keys) {
            return Map.of();
        }
    };
}
