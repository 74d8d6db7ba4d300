package io.omnijourney.profile.domain;

import io.omnijourney.contract.touchpoint.EventType;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How many events of each name a person produced. Track event names are client-chosen, so the number of distinct
 * names is bounded: a client that invents a name per event must not grow the profile without end.
 */
final class EventCounters {

    static final String REFUSAL_TYPE = "eventCounter";

    private EventCounters() {
    }

    static String nameOf(TouchpointEvent event) {
        if (event.type() == EventType.TRACK && event.event() != null && !event.event().isBlank()) {
            return event.event().trim();
        }
        return event.type().wireName();
    }

    static WithRefusals<Map<String, Long>> increment(Map<String, Long> current, String name, EventStamp source,
                                                    ProfileLimits limits) {
        return add(current, Map.of(name, 1L), source, limits);
    }

    static WithRefusals<Map<String, Long>> combine(Map<String, Long> left, Map<String, Long> right, EventStamp source,
                                                  ProfileLimits limits) {
        return add(left, right, source, limits);
    }

    private static WithRefusals<Map<String, Long>> add(Map<String, Long> current, Map<String, Long> more,
                                                      EventStamp source, ProfileLimits limits) {
        TreeMap<String, Long> counters = new TreeMap<>(current);
        List<Refusal> refused = new ArrayList<>();
        new TreeMap<>(more).forEach((name, count) -> {
            if (!counters.containsKey(name) && counters.size() >= limits.maxEventCounters()) {
                refused.add(Refusal.of(REFUSAL_TYPE, name, RefusalReason.COUNTER_LIMIT, source));
            } else {
                counters.merge(name, count, Long::sum);
            }
        });
        return new WithRefusals<>(Collections.unmodifiableMap(counters), refused);
    }
}
