package io.omnijourney.profile.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Last-write-wins per trait, within the trait policy and the trait count limit. */
final class TraitRules {

    static final String REFUSAL_TYPE = "trait";

    private TraitRules() {
    }

    static WithRefusals<Map<String, TraitValue>> apply(Map<String, TraitValue> current, Map<String, Object> incoming,
                                                      EventStamp source, ProfileLimits limits) {
        if (incoming == null || incoming.isEmpty()) {
            return WithRefusals.clean(current);
        }
        TreeMap<String, TraitValue> traits = new TreeMap<>(current);
        List<Refusal> refused = new ArrayList<>();
        new TreeMap<>(incoming).forEach((key, value) -> {
            if (ConsentSignals.isConsentTrait(key)) {
                return;
            }
            TraitPolicy.check(key, value, limits.maxTraitValueLength()).ifPresentOrElse(
                    reason -> refused.add(Refusal.of(REFUSAL_TYPE, key, reason, source)),
                    () -> put(traits, key, TraitValue.of(value, source), limits, refused, source));
        });
        return new WithRefusals<>(Collections.unmodifiableMap(traits), refused);
    }

    static WithRefusals<Map<String, TraitValue>> merge(Map<String, TraitValue> survivor, Map<String, TraitValue> loser,
                                                      EventStamp source, ProfileLimits limits) {
        TreeMap<String, TraitValue> traits = new TreeMap<>(survivor);
        List<Refusal> refused = new ArrayList<>();
        new TreeMap<>(loser).forEach((key, value) -> put(traits, key, value, limits, refused, source));
        return new WithRefusals<>(Collections.unmodifiableMap(traits), refused);
    }

    private static void put(Map<String, TraitValue> traits, String key, TraitValue candidate, ProfileLimits limits,
                            List<Refusal> refused, EventStamp source) {
        if (!traits.containsKey(key) && traits.size() >= limits.maxTraits()) {
            refused.add(Refusal.of(REFUSAL_TYPE, key, RefusalReason.TRAIT_LIMIT, source));
            return;
        }
        LastWriteWins.put(traits, key, candidate);
    }
}
