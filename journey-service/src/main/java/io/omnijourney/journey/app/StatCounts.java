package io.omnijourney.journey.app;

import io.omnijourney.contract.touchpoint.MessageFate;
import io.omnijourney.journey.domain.JourneyInstance;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Counter increments, by counter (a journey version, or one step of it) and field: what one change of an instance
 * adds to its journey's statistics. A change from nothing (a new instance) counts the entry and everything the
 * instance did on its way; a change of a stored instance counts only the difference (a visit more, a send more, an
 * exit). The counters are therefore exactly the sums of these over every stored change, and the one-time pass that
 * starts them from existing instances uses the same rule with "nothing" before each instance.
 *
 * <p>Fields: {@code entered}, {@code active}, {@code completed}, {@code conversions}, {@code exited.<reason>},
 * {@code sends.<channel>}; on a version, {@code holdout_entered} and {@code holdout_conversions} (entrants held out,
 * and those of them who converted); on a random split step, {@code variant_entered.p<i>} and
 * {@code variant_conversions.p<i>} (instances that took path {@code i} there, and those of them who converted; an
 * instance that converts is credited to the paths it had taken by then). Reasons and channels are the service's own
 * words, checked against a pattern anyway, and path indexes are numbers, so a counter field never carries supplied
 * text; step ids are in the counter's key, never in a field name.
 */
public final class StatCounts {

    /** A journey version's totals ({@code stepId} null) or one of its steps. */
    public record CounterKey(String journeyId, int version, String stepId) {
    }

    public static final String HOLDOUT_ENTERED = "holdout_entered";
    public static final String HOLDOUT_CONVERSIONS = "holdout_conversions";
    /** On a random split step's counter, by path: {@code variant_entered.p<index>}. */
    public static final String VARIANT_ENTERED = "variant_entered";
    public static final String VARIANT_CONVERSIONS = "variant_conversions";

    /** The version of the counters of sends' fates (versions of journeys start at 1). */
    public static final int FATES_VERSION = 0;

    private static final Pattern WORD = Pattern.compile("[a-z_]{1,40}");

    private final Map<CounterKey, Map<String, Long>> increments = new LinkedHashMap<>();

    public Map<CounterKey, Map<String, Long>> increments() {
        return increments;
    }

    public boolean isEmpty() {
        return increments.isEmpty();
    }

    /** Adds what the change from {@code before} (null: none, a new instance) to {@code after} counts. */
    public StatCounts add(JourneyInstance before, JourneyInstance after) {
        String j = after.journeyId;
        int v = after.version;
        if (before == null) {
            inc(j, v, null, "entered", 1);
            if (after.heldOut()) {
                inc(j, v, null, HOLDOUT_ENTERED, 1);
            }
        }
        boolean wasActive = before != null && before.active();
        if (wasActive) {
            inc(j, v, null, "active", -1);
            inc(j, v, before.stepId, "active", -1);
        }
        if (after.active()) {
            inc(j, v, null, "active", 1);
            inc(j, v, after.stepId, "active", 1);
        }
        JourneyInstance.Status was = before == null ? JourneyInstance.Status.ACTIVE : before.status;
        if (was != after.status && after.status == JourneyInstance.Status.COMPLETED) {
            inc(j, v, null, "completed", 1);
        } else if (was != after.status && after.status == JourneyInstance.Status.EXITED) {
            String reason = "exited." + word(after.exitReason);
            inc(j, v, null, reason, 1);
            inc(j, v, after.stepId, reason, 1);
        }
        if ((before == null || before.convertedAt == null) && after.convertedAt != null) {
            inc(j, v, null, "conversions", 1);
            if (after.convertedStepId != null) {
                inc(j, v, after.convertedStepId, "conversions", 1);
            }
            if (after.heldOut()) {
                inc(j, v, null, HOLDOUT_CONVERSIONS, 1);
            }
            after.variants.forEach((step, path) -> inc(j, v, step, VARIANT_CONVERSIONS + ".p" + path, 1));
        }
        after.variants.forEach((step, path) -> {
            if (before == null || !before.variants.containsKey(step)) {
                inc(j, v, step, VARIANT_ENTERED + ".p" + path, 1);
            }
        });
        after.visits.forEach((step, n) -> {
            int earlier = before == null ? 0 : before.visits.getOrDefault(step, 0);
            if (n > earlier) {
                inc(j, v, step, "entered", n - earlier);
            }
        });
        Set<String> sent = new HashSet<>();
        if (before != null) {
            before.sends.forEach(s -> sent.add(s.requestId()));
        }
        for (JourneyInstance.SendRecord send : after.sends) {
            if (!sent.contains(send.requestId())) {
                String field = "sends." + word(send.channel());
                inc(j, v, null, field, 1);
                inc(j, v, send.stepId(), field, 1);
            }
        }
        return this;
    }

    /**
     * One fate of a message a step sent ({@link SendFates}), on the step's counter of {@link #FATES_VERSION}: a fate
     * names the journey and step of its message, not the version, and statistics sum the versions anyway.
     */
    public StatCounts fate(String journeyId, String stepId, MessageFate fate) {
        inc(journeyId, FATES_VERSION, stepId, "fates." + fate.wireName(), 1);
        return this;
    }

    /** Adds every increment of {@code other}. */
    public StatCounts addAll(StatCounts other) {
        other.increments.forEach((key, fields) -> fields.forEach((f, n) -> inc(key, f, n)));
        return this;
    }

    private void inc(String journeyId, int version, String stepId, String field, long n) {
        inc(new CounterKey(journeyId, version, stepId), field, n);
    }

    private void inc(CounterKey key, String field, long n) {
        Map<String, Long> fields = increments.computeIfAbsent(key, k -> new LinkedHashMap<>());
        long sum = fields.getOrDefault(field, 0L) + n;
        fields.put(field, sum);
    }

    private static String word(String text) {
        return text != null && WORD.matcher(text).matches() ? text : "other";
    }
}
