package io.omnijourney.profile.domain;

import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.contract.touchpoint.EventType;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A person: identifiers, traits, consent, activity and what was refused along the way. Immutable: every operation
 * returns a new profile, so a failed conditional write simply drops the result and starts again from storage.
 *
 * @param version the stored revision this state was read at. The domain never changes it: the store writes a new
 *     state only if the stored version still equals it, and increments it (see {@code package-info}).
 * @param consentHistory every change of consent with its source and times, oldest first, the newest
 *     {@link ConsentChange#MAX_HISTORY}
 * @param pushTokens the devices' push addresses, newest first, bounded ({@link PushTokens})
 * @param mergedInto set when this profile was merged into another: it is then a frozen redirect
 */
public record Profile(
        String id,
        Instant createdAt,
        List<LinkedIdentifier> identifiers,
        Map<String, TraitValue> traits,
        Map<ConsentChannel, ConsentState> consent,
        List<ConsentChange> consentHistory,
        List<PushToken> pushTokens,
        Map<Channel, ChannelStats> channels,
        Map<String, Long> eventCounters,
        ComputedTraits computed,
        Set<String> segments,
        String mergedInto,
        List<MergeRecord> merges,
        List<Refusal> refusals,
        long version) {

    /** Older first, ties by id: every instance picks the same survivor for the same profiles. */
    public static final Comparator<Profile> SURVIVOR_ORDER =
            Comparator.comparing(Profile::createdAt).thenComparing(Profile::id);

    public Profile {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(computed, "computed");
        if (id.equals(mergedInto)) {
            throw new IllegalArgumentException("profile " + id + " cannot be merged into itself");
        }
        identifiers = sortedList(identifiers, LinkedIdentifier.CANONICAL_ORDER);
        traits = Collections.unmodifiableMap(new TreeMap<>(traits));
        consent = Collections.unmodifiableMap(enumMap(ConsentChannel.class, consent));
        consentHistory = consentHistory == null ? List.of() : ConsentChange.combine(consentHistory);
        pushTokens = PushTokens.newest(pushTokens);
        channels = Collections.unmodifiableMap(enumMap(Channel.class, channels));
        eventCounters = Collections.unmodifiableMap(new TreeMap<>(eventCounters));
        segments = Collections.unmodifiableSet(new TreeSet<>(segments));
        merges = sortedList(merges, MergeRecord.ORDER);
        refusals = sortedList(refusals, Refusal.ORDER);
    }

    /**
     * @param createdAt decides who survives a merge; pass a server-side time such as the event's {@code receivedAt},
     *     which a client cannot backdate and a replay reproduces
     */
    public static Profile create(String id, Instant createdAt) {
        return new Profile(id, createdAt, List.of(), Map.of(), Map.of(), List.of(), List.of(), Map.of(), Map.of(),
                ComputedTraits.NONE, Set.of(), null, List.of(), List.of(), 0);
    }

    /**
     * Takes one event: attaches the identifiers the resolution assigned, records its refusals, then updates traits,
     * consent, channel statistics, counters and computed traits. A pure function of (this, event, resolution,
     * config); see {@code package-info} for what is and is not idempotent.
     *
     * @param resolution the decision for this event; for a merge, this profile must already have absorbed the losers
     */
    public Profile apply(TouchpointEvent event, Resolution resolution, ProfileConfig config) {
        requireLive("apply an event to");
        requireTargetOf(resolution);
        EventStamp source = EventStamp.of(event);
        ProfileLimits limits = config.limits();
        List<Refusal> refused = new ArrayList<>(resolution.refusals());

        WithRefusals<List<LinkedIdentifier>> ids =
                IdentifierSet.attach(identifiers, resolution.identifiersToAttach(), source, config.identity());
        WithRefusals<Map<String, TraitValue>> newTraits = event.type() == EventType.IDENTIFY
                ? TraitRules.apply(traits, event.traits(), source, limits) : WithRefusals.clean(traits);
        WithRefusals<Map<ConsentChannel, ConsentState>> newConsent = ConsentSignals.apply(consent, event);
        WithRefusals<List<PushToken>> newPushTokens = PushTokens.record(pushTokens, event);
        WithRefusals<Map<String, Long>> counters =
                EventCounters.increment(eventCounters, EventCounters.nameOf(event), source, limits);
        WithRefusals<ComputedTraits> newComputed = ComputedTraitRules.apply(computed, event);
        List.of(ids, newTraits, newConsent, newPushTokens, counters, newComputed)
                .forEach(r -> refused.addAll(r.refusals()));

        List<ConsentChange> history = ConsentChange.combine(consentHistory,
                ConsentChange.between(consent, newConsent.value()));
        return new Profile(id, createdAt, ids.value(), newTraits.value(), newConsent.value(), history,
                newPushTokens.value(), ChannelActivity.record(channels, event.channel(), EventStamp.happenedAt(event)), counters.value(),
                newComputed.value(), segments, null, merges, RecentRefusals.combine(limits.maxRefusals(), refusals, refused),
                version);
    }

    /**
     * Absorbs a loser that was already {@linkplain #markMergedInto marked} (and stored as such): only a frozen state
     * can be absorbed exactly once. Absorbing a profile already absorbed, directly or through an earlier merge, returns
     * this profile unchanged, so a retry after a crash or a failed conditional write converges.
     *
     * <p>Identifiers: union within the limits, the survivor's first. Traits and consent: last-write-wins per key.
     * Push tokens: union, newest first, within the bound. Channel statistics: earliest first, latest last, counts summed. Counters and computed counts and revenue: summed.
     * Scores: last-write-wins. Segments: union. Merge records and refusals: both histories plus this merge.
     *
     * @throws IdentityConflictException if both profiles hold userIds and none in common
     */
    public Profile mergeFrom(Profile loser, String eventMessageId, Instant at, List<Identifier> linking,
                             ProfileConfig config) {
        requireLive("merge into");
        requireAbsorbable(loser);
        if (hasAbsorbed(loser.id)) {
            return this;
        }
        if (userIdsConflict(loser)) {
            throw new IdentityConflictException(id, loser.id);
        }
        EventStamp source = new EventStamp(at, eventMessageId);
        ProfileLimits limits = config.limits();
        WithRefusals<List<LinkedIdentifier>> ids =
                IdentifierSet.union(identifiers, loser.identifiers, source, config.identity());
        WithRefusals<Map<String, TraitValue>> newTraits = TraitRules.merge(traits, loser.traits, source, limits);
        WithRefusals<Map<String, Long>> counters =
                EventCounters.combine(eventCounters, loser.eventCounters, source, limits);
        List<MergeRecord> allMerges = new ArrayList<>(merges);
        allMerges.addAll(loser.merges);
        allMerges.add(new MergeRecord(loser.id, eventMessageId, at, linking));
        Set<String> allSegments = new TreeSet<>(segments);
        allSegments.addAll(loser.segments);
        List<Refusal> newRefusals = RecentRefusals.combine(limits.maxRefusals(), refusals, loser.refusals,
                ids.refusals(), newTraits.refusals(), counters.refusals());

        return new Profile(id, createdAt, ids.value(), newTraits.value(), ConsentSignals.merge(consent, loser.consent),
                ConsentChange.combine(consentHistory, loser.consentHistory), PushTokens.merge(pushTokens, loser.pushTokens), ChannelActivity.combine(channels, loser.channels), counters.value(), computed.combine(loser.computed),
                allSegments, null, allMerges, newRefusals, version);
    }

    /** Freezes this profile as a redirect. Repeating it for the same survivor is a no-op. */
    public Profile markMergedInto(String survivorId) {
        Objects.requireNonNull(survivorId, "survivorId");
        if (survivorId.equals(mergedInto)) {
            return this;
        }
        requireLive("mark as merged");
        return withMergedInto(survivorId);
    }

    /**
     * Undoes {@link #markMergedInto} when the survivor could not absorb this profile
     * ({@link IdentityConflictException}). Only valid while the survivor has not absorbed it.
     */
    public Profile reopen() {
        return mergedInto == null ? this : withMergedInto(null);
    }

    public Profile withSegments(Set<String> value) {
        return new Profile(id, createdAt, identifiers, traits, consent, consentHistory, pushTokens, channels, eventCounters, computed, value,
                mergedInto, merges, refusals, version);
    }

    /** For the store, after a successful conditional write. */
    public Profile withVersion(long value) {
        return new Profile(id, createdAt, identifiers, traits, consent, consentHistory, pushTokens, channels, eventCounters, computed, segments,
                mergedInto, merges, refusals, value);
    }

    public boolean isMerged() {
        return mergedInto != null;
    }

    public boolean has(Identifier identifier) {
        return IdentifierSet.contains(identifiers, identifier);
    }

    public List<String> identifierValues(String type) {
        return identifiers.stream().filter(l -> l.type().equals(type)).map(LinkedIdentifier::value).toList();
    }

    public List<Identifier> identifierList() {
        return identifiers.stream().map(LinkedIdentifier::identifier).toList();
    }

    /** Empty for an unknown trait and for a cleared one. */
    public Optional<Object> trait(String key) {
        TraitValue value = traits.get(key);
        return value == null ? Optional.empty() : Optional.ofNullable(value.value());
    }

    public Optional<ConsentStatus> consentStatus(ConsentChannel channel) {
        return Optional.ofNullable(consent.get(channel)).map(ConsentState::status);
    }

    public long eventCount(String name) {
        return eventCounters.getOrDefault(name, 0L);
    }

    public OptionalLong daysSinceLastActivity(Instant now) {
        return computed.daysSinceLastActivity(now);
    }

    /** True also for profiles absorbed by a profile this one absorbed later: merge records are carried along. */
    public boolean hasAbsorbed(String profileId) {
        return merges.stream().anyMatch(m -> m.fromProfileId().equals(profileId));
    }

    private Profile withMergedInto(String target) {
        return new Profile(id, createdAt, identifiers, traits, consent, consentHistory, pushTokens, channels, eventCounters, computed, segments,
                target, merges, refusals, version);
    }

    private void requireLive(String action) {
        if (isMerged()) {
            throw new IllegalStateException("cannot " + action + " profile " + id + ": it was merged into " + mergedInto);
        }
    }

    private void requireTargetOf(Resolution resolution) {
        if (resolution instanceof Resolution.Unattributable) {
            throw new IllegalArgumentException("an unattributable event belongs to no profile");
        }
        if (resolution instanceof Resolution.CreateNew && (!identifiers.isEmpty() || !merges.isEmpty())) {
            throw new IllegalArgumentException("a new-profile resolution applies to a fresh profile, not " + id);
        }
        if (resolution instanceof Resolution.AttachTo attach && !attach.profileId().equals(id)) {
            throw new IllegalArgumentException("resolution targets " + attach.profileId() + ", not " + id);
        }
        if (resolution instanceof Resolution.Merge merge) {
            if (!merge.survivorId().equals(id)) {
                throw new IllegalArgumentException("merge survivor is " + merge.survivorId() + ", not " + id);
            }
            merge.loserIds().stream().filter(loserId -> !hasAbsorbed(loserId)).findFirst().ifPresent(loserId -> {
                throw new IllegalStateException("absorb " + loserId + " with mergeFrom before applying the event");
            });
        }
    }

    /**
     * The loser must be frozen, and younger: redirects then always point to older profiles, so chains of redirects
     * end and never cycle.
     */
    private void requireAbsorbable(Profile loser) {
        if (loser.id.equals(id)) {
            throw new IllegalArgumentException("profile " + id + " cannot absorb itself");
        }
        if (!loser.isMerged()) {
            throw new IllegalStateException("mark " + loser.id + " merged (and store it) before absorbing it");
        }
        if (SURVIVOR_ORDER.compare(this, loser) > 0) {
            throw new IllegalArgumentException("the older profile survives: " + loser.id + " is older than " + id);
        }
    }

    private boolean userIdsConflict(Profile other) {
        List<String> mine = identifierValues(IdentifierType.USER_ID);
        List<String> theirs = other.identifierValues(IdentifierType.USER_ID);
        return !mine.isEmpty() && !theirs.isEmpty() && Collections.disjoint(mine, theirs);
    }

    private static <T> List<T> sortedList(List<T> values, Comparator<T> order) {
        List<T> sorted = new ArrayList<>(values);
        sorted.sort(order);
        return List.copyOf(sorted);
    }

    private static <K extends Enum<K>, V> Map<K, V> enumMap(Class<K> type, Map<K, V> values) {
        Map<K, V> copy = new EnumMap<>(type);
        copy.putAll(values);
        return copy;
    }
}
