package io.omnijourney.journey.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnijourney.journey.app.StatCounts.CounterKey;
import io.omnijourney.journey.domain.JourneyInstance;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatCountsTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final CounterKey VERSION = new CounterKey("j", 1, null);
    private static final CounterKey SPLIT = new CounterKey("j", 1, "s");

    private static JourneyInstance instance() {
        JourneyInstance i = new JourneyInstance();
        i.id = "i";
        i.journeyId = "j";
        i.version = 1;
        i.profileId = "p";
        i.stepId = "s";
        return i;
    }

    /** Increments that change a counter (an active instance moving on adds -1 and +1 to the same field). */
    private static Map<String, Long> nonZero(Map<String, Long> fields) {
        Map<String, Long> changed = new java.util.TreeMap<>();
        if (fields != null) {
            fields.forEach((field, n) -> {
                if (n != 0) {
                    changed.put(field, n);
                }
            });
        }
        return changed;
    }

    @Test
    void aSplitPathCountsOnceAndItsConversionGoesToThatPath() {
        JourneyInstance entered = instance();
        entered.variants.put("s", 1);
        entered.visits.put("s", 1);
        StatCounts first = new StatCounts().add(null, entered);
        assertThat(first.increments().get(SPLIT)).containsEntry("variant_entered.p1", 1L)
                .doesNotContainKey("variant_conversions.p1");

        JourneyInstance again = entered.copy();
        again.visits.put("s", 2);
        assertThat(new StatCounts().add(entered, again).increments().get(SPLIT))
                .as("a second pass through the split").doesNotContainKey("variant_entered.p1");

        JourneyInstance converted = again.copy();
        converted.convertedAt = T0;
        assertThat(nonZero(new StatCounts().add(again, converted).increments().get(SPLIT)))
                .isEqualTo(Map.of("variant_conversions.p1", 1L));
        JourneyInstance later = converted.copy();
        later.updatedAt = T0.plusSeconds(1);
        assertThat(nonZero(new StatCounts().add(converted, later).increments().get(SPLIT))).as("converted once")
                .isEmpty();
    }

    @Test
    void heldOutEntrantsAndTheirConversionsAreCountedApart() {
        JourneyInstance held = instance();
        held.status = JourneyInstance.Status.EXITED;
        held.exitReason = JourneyInstance.HOLDOUT;
        assertThat(new StatCounts().add(null, held).increments().get(VERSION))
                .containsEntry("entered", 1L).containsEntry("holdout_entered", 1L).containsEntry("exited.holdout", 1L);
        JourneyInstance converted = held.copy();
        converted.convertedAt = T0;
        assertThat(nonZero(new StatCounts().add(held, converted).increments().get(VERSION)))
                .isEqualTo(Map.of("conversions", 1L, "holdout_conversions", 1L));

        JourneyInstance treated = instance();
        assertThat(new StatCounts().add(null, treated).increments().get(VERSION))
                .doesNotContainKey("holdout_entered");
    }
}
