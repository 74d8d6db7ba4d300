package io.omnijourney.profile.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A profile's identifiers under the per-type limits. Kept in one canonical order so that the same identifiers
 * reached by different paths (replays, merges in either order) compare equal.
 */
final class IdentifierSet {

    private IdentifierSet() {
    }

    static WithRefusals<List<LinkedIdentifier>> attach(List<LinkedIdentifier> current, Collection<Identifier> incoming,
                                                       EventStamp source, IdentityConfig config) {
        List<LinkedIdentifier> candidates = incoming.stream()
                .filter(identifier -> !contains(current, identifier))
                .distinct()
                .map(identifier -> new LinkedIdentifier(identifier, source))
                .toList();
        return withinLimits(current, candidates, source, config);
    }

    /** The survivor's identifiers keep their place; the loser's compete for what the limits leave. */
    static WithRefusals<List<LinkedIdentifier>> union(List<LinkedIdentifier> survivor, List<LinkedIdentifier> loser,
                                                      EventStamp source, IdentityConfig config) {
        List<LinkedIdentifier> candidates = loser.stream()
                .filter(linked -> !contains(survivor, linked.identifier()))
                .toList();
        return withinLimits(survivor, candidates, source, config);
    }

    static boolean contains(Collection<LinkedIdentifier> identifiers, Identifier identifier) {
        return identifiers.stream().anyMatch(l -> l.identifier().equals(identifier));
    }

    private static WithRefusals<List<LinkedIdentifier>> withinLimits(List<LinkedIdentifier> kept,
                                                                     List<LinkedIdentifier> candidates,
                                                                     EventStamp source, IdentityConfig config) {
        Map<String, List<LinkedIdentifier>> keptByType = byType(kept);
        Map<String, List<LinkedIdentifier>> candidatesByType = byType(candidates);
        List<LinkedIdentifier> result = new ArrayList<>();
        List<Refusal> refused = new ArrayList<>();
        keptByType.forEach((type, list) -> {
            if (!candidatesByType.containsKey(type)) {
                result.addAll(list);
            }
        });
        candidatesByType.forEach((type, list) -> {
            List<LinkedIdentifier> existing = keptByType.getOrDefault(type, List.of());
            int limit = config.limitFor(type);
            if (IdentifierType.ANONYMOUS_ID.equals(type)) {
                keepNewest(existing, list, limit, result, refused, source);
            } else {
                admitWhileRoom(existing, list, limit, result, refused, source);
            }
        });
        result.sort(LinkedIdentifier.CANONICAL_ORDER);
        return new WithRefusals<>(List.copyOf(result), refused);
    }

    /** anonymousIds churn (cleared cookies, reinstalls): the newest are the ones that still arrive. */
    private static void keepNewest(List<LinkedIdentifier> existing, List<LinkedIdentifier> candidates, int limit,
                                   List<LinkedIdentifier> result, List<Refusal> refused, EventStamp source) {
        List<LinkedIdentifier> all = new ArrayList<>(existing);
        all.addAll(candidates);
        all.sort(Comparator.comparing(LinkedIdentifier::linked).thenComparing(LinkedIdentifier::value));
        int evicted = Math.max(0, all.size() - limit);
        all.subList(0, evicted).forEach(l -> refused.add(refusal(l, RefusalReason.ANONYMOUS_ID_EVICTED, source)));
        result.addAll(all.subList(evicted, all.size()));
    }

    /** Existing identifiers are never dropped, even when a lowered limit no longer covers them. */
    private static void admitWhileRoom(List<LinkedIdentifier> existing, List<LinkedIdentifier> candidates, int limit,
                                       List<LinkedIdentifier> result, List<Refusal> refused, EventStamp source) {
        result.addAll(existing);
        List<LinkedIdentifier> ordered = new ArrayList<>(candidates);
        ordered.sort(Comparator.comparing(LinkedIdentifier::linked).thenComparing(LinkedIdentifier::value));
        int room = Math.max(0, limit - existing.size());
        for (int i = 0; i < ordered.size(); i++) {
            if (i < room) {
                result.add(ordered.get(i));
            } else {
                refused.add(refusal(ordered.get(i), RefusalReason.IDENTIFIER_LIMIT, source));
            }
        }
    }

    private static Refusal refusal(LinkedIdentifier linked, RefusalReason reason, EventStamp source) {
        return Refusal.of(linked.type(), linked.value(), reason, source);
    }

    private static Map<String, List<LinkedIdentifier>> byType(List<LinkedIdentifier> identifiers) {
        Map<String, List<LinkedIdentifier>> byType = new TreeMap<>();
        identifiers.forEach(l -> byType.computeIfAbsent(l.type(), t -> new ArrayList<>()).add(l));
        return byType;
    }

    static Map<String, Long> countByType(Collection<Identifier> identifiers) {
        Map<String, Long> counts = new LinkedHashMap<>();
        identifiers.forEach(i -> counts.merge(i.type(), 1L, Long::sum));
        return counts;
    }
}
