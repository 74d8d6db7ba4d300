package io.omnijourney.journey.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnijourney.journey.app.StatCounts.CounterKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The journey list's counts: one read of the version counters for the whole list, summed per journey. */
class StatsHeadlinesTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    /** Counters held in memory; remembers every read. */
    private static final class CountedReads implements StatsStore {
        final Map<CounterKey, Map<String, Long>> stored;
        final List<List<CounterKey>> reads = new ArrayList<>();

        CountedReads(Map<CounterKey, Map<String, Long>> stored) {
            this.stored = stored;
        }

        @Override
        public void add(StatCounts counts) {
        }

        @Override
        public void replace(StatCounts counts) {
        }

        @Override
        public Map<CounterKey, Map<String, Long>> read(Collection<CounterKey> keys) {
            reads.add(List.copyOf(keys));
            Map<CounterKey, Map<String, Long>> found = new java.util.HashMap<>();
            keys.forEach(k -> {
                if (stored.containsKey(k)) {
                    found.put(k, stored.get(k));
                }
            });
            return found;
        }
    }

    private static StoredJourney journey(String id, JourneyStatus status, int publishedVersion) {
        return new StoredJourney(id, id, status, "{}", publishedVersion, T0, T0, 1);
    }

    @Test
    void aListOfJourneysIsCountedWithOneReadOfTheirVersionCountersSummedOverVersions() {
        CountedReads counters = new CountedReads(Map.of(
                new CounterKey("a", 1, null), Map.of("entered", 5L, "active", 0L, "conversions", 2L, "completed", 5L),
                new CounterKey("a", 2, null), Map.of("entered", 3L, "active", 3L, "exited.holdout", 1L),
                new CounterKey("a", 2, "mail"), Map.of("entered", 99L),
                new CounterKey("b", 1, null), Map.of("entered", 1L, "active", 1L)));
        StatsService stats = new StatsService(counters, null, null);

        Map<String, JourneyStats.Headline> headlines = stats.headlines(List.of(journey("a", JourneyStatus.ACTIVE, 2),
                journey("b", JourneyStatus.PAUSED, 1), journey("draft", JourneyStatus.DRAFT, 0)));

        assertThat(counters.reads).hasSize(1);
        assertThat(counters.reads.get(0)).as("only the journey-level counter of each published version")
                .containsExactlyInAnyOrder(new CounterKey("a", 1, null), new CounterKey("a", 2, null),
                        new CounterKey("b", 1, null));
        assertThat(headlines).containsEntry("a", new JourneyStats.Headline(8, 3, 2))
                .containsEntry("b", new JourneyStats.Headline(1, 1, 0)).doesNotContainKey("draft");
    }
}
