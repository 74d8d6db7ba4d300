package io.omnijourney.profile.domain;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides which profile an event belongs to, given the live profiles that own any of its identifiers.
 *
 * <p>Rules, in order:
 * <ol>
 * <li>Blocked values never link (extraction already refused them; checked again for hand-built input).
 * <li>No identifier left: {@link Resolution.Unattributable}. No owner: {@link Resolution.CreateNew}.
 * <li>Distinct userIds never merge. The anchor is the event's userId, else the userId of the oldest owner that has
 *     one; owners holding another userId are left alone and every event identifier they own is refused
 *     ({@link RefusalReason#CONFLICTING_USER_ID}): a shared tablet stays with its first user.
 * <li>Among the remaining owners the oldest ({@link Profile#SURVIVOR_ORDER}) survives. Others are merged, oldest
 *     first, while the merged profile stays within the identifier limits (anonymousIds excepted: they evict); an owner
 *     that would break a limit is not merged and its identifiers' links are refused
 *     ({@link RefusalReason#MERGE_EXCEEDS_LIMIT}).
 * <li>Event identifiers nobody owns are attached. An alias's previousId nobody owns is attached as an anonymousId: the
 *     alias may be processed before the anonymous events it refers to, and dropping it would lose the link.
 * </ol>
 * Because the survivor is always the oldest, redirects always point to older profiles and can never form a cycle.
 */
public final class IdentityResolution {

    private IdentityResolution() {
    }

    /**
     * @param owners the live profiles (redirects already followed) owning any of
     *     {@link ExtractedIdentity#lookupIdentifiers()}
     */
    public static Resolution decide(List<Profile> owners, ExtractedIdentity identity, IdentityConfig config) {
        EventStamp source = identity.source();
        List<Refusal> refusals = new ArrayList<>(identity.refused());
        List<Identifier> claimed = unblocked(identity.identifiers(), config, refusals, source);
        Optional<String> previousId = unblockedPreviousId(identity.aliasPreviousId(), config, refusals, source);
        if (claimed.isEmpty() && previousId.isEmpty()) {
            return new Resolution.Unattributable(refusals);
        }
        List<Identifier> lookup = lookup(claimed, previousId);
        List<Profile> live = liveOwners(owners, lookup);
        List<Identifier> toAttach = unowned(claimed, previousId, live);
        Optional<String> anchor = anchorUserId(claimed, live);
        List<Profile> compatible = new ArrayList<>();
        for (Profile owner : live) {
            if (anchor.isPresent() && holdsOtherUserId(owner, anchor.get())) {
                refuseOwned(owner, lookup, RefusalReason.CONFLICTING_USER_ID, refusals, source);
            } else {
                compatible.add(owner);
            }
        }
        if (compatible.isEmpty()) {
            return new Resolution.CreateNew(toAttach, refusals);
        }
        List<Profile> merged = mergeable(compatible, lookup, config, refusals, source);
        Profile survivor = merged.get(0);
        if (merged.size() == 1) {
            return new Resolution.AttachTo(survivor.id(), toAttach, refusals);
        }
        List<Identifier> linking = lookup.stream().filter(i -> merged.stream().anyMatch(p -> p.has(i))).toList();
        List<String> loserIds = merged.subList(1, merged.size()).stream().map(Profile::id).toList();
        return new Resolution.Merge(survivor.id(), loserIds, linking, toAttach, refusals);
    }

    private static List<Identifier> unblocked(List<Identifier> identifiers, IdentityConfig config,
                                              List<Refusal> refusals, EventStamp source) {
        List<Identifier> kept = new ArrayList<>();
        for (Identifier identifier : identifiers) {
            if (config.isBlocked(identifier.value())) {
                refusals.add(Refusal.of(identifier.type(), identifier.value(), RefusalReason.BLOCKED_VALUE, source));
            } else {
                kept.add(identifier);
            }
        }
        return kept;
    }

    private static Optional<String> unblockedPreviousId(Optional<String> previousId, IdentityConfig config,
                                                        List<Refusal> refusals, EventStamp source) {
        if (previousId.isPresent() && config.isBlocked(previousId.get())) {
            refusals.add(Refusal.of(IdentifierType.ANONYMOUS_ID, previousId.get(), RefusalReason.BLOCKED_VALUE, source));
            return Optional.empty();
        }
        return previousId;
    }

    private static List<Identifier> lookup(List<Identifier> claimed, Optional<String> previousId) {
        List<Identifier> lookup = new ArrayList<>(claimed);
        previousId.ifPresent(id -> {
            for (Identifier candidate : aliasCandidates(id)) {
                if (!lookup.contains(candidate)) {
                    lookup.add(candidate);
                }
            }
        });
        return lookup;
    }

    private static List<Identifier> aliasCandidates(String previousId) {
        return List.of(Identifier.of(IdentifierType.USER_ID, previousId),
                Identifier.of(IdentifierType.ANONYMOUS_ID, previousId));
    }

    /** Oldest first; the caller's mistakes (a redirect, a profile owning nothing asked for) fail loudly. */
    private static List<Profile> liveOwners(List<Profile> owners, List<Identifier> lookup) {
        Map<String, Profile> byId = new LinkedHashMap<>();
        for (Profile owner : owners) {
            if (owner.isMerged()) {
                throw new IllegalArgumentException("profile " + owner.id() + " is merged into " + owner.mergedInto()
                        + ": follow the redirect before deciding");
            }
            if (lookup.stream().noneMatch(owner::has)) {
                throw new IllegalArgumentException("profile " + owner.id() + " owns none of the event's identifiers");
            }
            byId.putIfAbsent(owner.id(), owner);
        }
        List<Profile> live = new ArrayList<>(byId.values());
        live.sort(Profile.SURVIVOR_ORDER);
        return live;
    }

    private static List<Identifier> unowned(List<Identifier> claimed, Optional<String> previousId, List<Profile> live) {
        List<Identifier> unowned = new ArrayList<>();
        claimed.stream().filter(i -> live.stream().noneMatch(p -> p.has(i))).forEach(unowned::add);
        previousId.ifPresent(id -> {
            boolean owned = aliasCandidates(id).stream().anyMatch(c -> live.stream().anyMatch(p -> p.has(c)));
            Identifier asAnonymous = Identifier.of(IdentifierType.ANONYMOUS_ID, id);
            if (!owned && !unowned.contains(asAnonymous)) {
                unowned.add(asAnonymous);
            }
        });
        return unowned;
    }

    private static Optional<String> anchorUserId(List<Identifier> claimed, List<Profile> live) {
        Optional<String> fromEvent = claimed.stream()
                .filter(i -> i.type().equals(IdentifierType.USER_ID))
                .map(Identifier::value)
                .findFirst();
        if (fromEvent.isPresent()) {
            return fromEvent;
        }
        return live.stream().flatMap(p -> p.identifierValues(IdentifierType.USER_ID).stream()).findFirst();
    }

    private static boolean holdsOtherUserId(Profile owner, String anchor) {
        List<String> userIds = owner.identifierValues(IdentifierType.USER_ID);
        return !userIds.isEmpty() && !userIds.contains(anchor);
    }

    private static List<Profile> mergeable(List<Profile> compatible, List<Identifier> lookup, IdentityConfig config,
                                           List<Refusal> refusals, EventStamp source) {
        List<Profile> merged = new ArrayList<>(List.of(compatible.get(0)));
        for (Profile candidate : compatible.subList(1, compatible.size())) {
            if (fitsLimits(merged, candidate, config)) {
                merged.add(candidate);
            } else {
                refuseOwned(candidate, lookup, RefusalReason.MERGE_EXCEEDS_LIMIT, refusals, source);
            }
        }
        return merged;
    }

    private static boolean fitsLimits(List<Profile> merged, Profile candidate, IdentityConfig config) {
        Set<Identifier> union = new HashSet<>();
        merged.forEach(p -> p.identifiers().forEach(l -> union.add(l.identifier())));
        candidate.identifiers().forEach(l -> union.add(l.identifier()));
        Set<String> candidateTypes = new HashSet<>();
        candidate.identifiers().forEach(l -> candidateTypes.add(l.type()));
        return IdentifierSet.countByType(union).entrySet().stream()
                .filter(e -> candidateTypes.contains(e.getKey()))
                .filter(e -> !e.getKey().equals(IdentifierType.ANONYMOUS_ID))
                .allMatch(e -> e.getValue() <= config.limitFor(e.getKey()));
    }

    private static void refuseOwned(Profile owner, List<Identifier> lookup, RefusalReason reason,
                                    List<Refusal> refusals, EventStamp source) {
        lookup.stream().filter(owner::has)
                .forEach(i -> refusals.add(Refusal.of(i.type(), i.value(), reason, source)));
    }
}
