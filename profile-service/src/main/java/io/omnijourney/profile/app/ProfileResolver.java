package io.omnijourney.profile.app;

import io.omnijourney.contract.touchpoint.TouchpointEvent;
import io.omnijourney.profile.domain.EventStamp;
import io.omnijourney.profile.domain.ExtractedIdentity;
import io.omnijourney.profile.domain.Identifier;
import io.omnijourney.profile.domain.IdentifierChanges;
import io.omnijourney.profile.domain.Identifiers;
import io.omnijourney.profile.domain.IdentityConflictException;
import io.omnijourney.profile.domain.IdentityResolution;
import io.omnijourney.profile.domain.Profile;
import io.omnijourney.profile.domain.ProfileConfig;
import io.omnijourney.profile.domain.ProfileIds;
import io.omnijourney.profile.domain.Resolution;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * Applies one event to the profile store and the identity index, following the protocol of the domain's
 * {@code package-info}: identifiers are claimed in the index before the profile write that takes them, every profile
 * write is conditional on the version read, and any lost race drops the computed state and starts again.
 *
 * <p>An index entry may point to a profile that does not hold its identifier: a claim whose profile write failed or
 * has not happened yet. Its {@link IndexEntry#version} tells which: below that version the write may still come, so a
 * reader fences it (rewrites the profile unchanged, moving its version on) before treating the entry as stale.
 */
public final class ProfileResolver {

    /**
     * Two writers looping on one profile lose about half their attempts each; measured with two threads on one
     * person, the longest streak of losses reached 20 about once per thousand events, and 50 makes it negligible.
     */
    public static final int MAX_ATTEMPTS = 50;
    private static final int MAX_REDIRECTS = 64;

    private final ProfileStore store;
    private final IdentityIndex index;
    private final ProfileConfig config;
    private final Segmentation segmentation;
    private final LongAdder conflicts = new LongAdder();

    public ProfileResolver(ProfileStore store, IdentityIndex index, ProfileConfig config) {
        this(store, index, config, Segmentation.none());
    }

    public ProfileResolver(ProfileStore store, IdentityIndex index, ProfileConfig config, Segmentation segmentation) {
        this.store = Objects.requireNonNull(store, "store");
        this.index = Objects.requireNonNull(index, "index");
        this.config = Objects.requireNonNull(config, "config");
        this.segmentation = Objects.requireNonNull(segmentation, "segmentation");
    }

    /**
     * @throws ProfileConflictException if concurrent writers kept winning: the event was not applied (a half-done
     *     merge or claim it leaves is completed by later events) and redelivering it is safe
     */
    public Outcome apply(TouchpointEvent event) {
        ExtractedIdentity identity = Identifiers.extract(event, config.identity());
        String lastReason = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            try {
                return attempt(event, identity);
            } catch (Conflict conflict) {
                conflicts.increment();
                lastReason = conflict.getMessage();
                pause(attempt);
            }
        }
        throw new ProfileConflictException(event.messageId(), MAX_ATTEMPTS, lastReason);
    }

    /**
     * Applies an event that names its profile rather than carrying identifiers (a consent change made over the API),
     * with the same guarantees as {@link #apply}: conditional write, idempotent on the messageId, redirects followed.
     *
     * @return empty if no such profile exists
     */
    public Optional<Outcome.Applied> applyTo(String profileId, TouchpointEvent event) {
        EventStamp source = EventStamp.of(event);
        String lastReason = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            try {
                Optional<StoredProfile> loaded = store.load(profileId);
                if (loaded.isEmpty()) {
                    return Optional.empty();
                }
                StoredProfile target = live(loaded.get(), source);
                if (target.hasApplied(event.messageId())) {
                    return Optional.of(new Outcome.Applied(target.id(), true, List.of(), target));
                }
                Profile after = target.profile().apply(event,
                        new Resolution.AttachTo(target.id(), List.of(), List.of()), config);
                StoredProfile written = store.replace(next(target, after, event.messageId(), target.version() + 1))
                        .orElseThrow(() -> new Conflict("profile write lost"));
                return Optional.of(new Outcome.Applied(target.id(), false, List.of(), written));
            } catch (Conflict conflict) {
                conflicts.increment();
                lastReason = conflict.getMessage();
                pause(attempt);
            }
        }
        throw new ProfileConflictException(event.messageId(), MAX_ATTEMPTS, lastReason);
    }

    /** Attempts dropped because a concurrent writer won, since construction: a contention gauge. */
    public long conflicts() {
        return conflicts.sum();
    }

    private Outcome attempt(TouchpointEvent event, ExtractedIdentity identity) {
        EventStamp source = identity.source();
        Map<String, StoredProfile> owners = findOwners(identity.lookupIdentifiers(), source);
        Optional<StoredProfile> applied = owners.values().stream()
                .filter(p -> p.hasApplied(event.messageId())).findFirst();
        if (applied.isPresent()) {
            return new Outcome.Applied(applied.get().id(), true, List.of(), applied.get());
        }
        List<Profile> live = owners.values().stream().map(StoredProfile::profile).toList();
        Resolution resolution = IdentityResolution.decide(live, identity, config.identity());
        if (resolution instanceof Resolution.Unattributable unattributable) {
            return new Outcome.Unattributable(unattributable.refusals());
        }
        if (resolution instanceof Resolution.CreateNew) {
            return create(event, resolution, source);
        }
        if (resolution instanceof Resolution.AttachTo attach) {
            return attach(owners.get(attach.profileId()), event, resolution, source);
        }
        return merge(owners, event, (Resolution.Merge) resolution, source);
    }

    private Outcome create(TouchpointEvent event, Resolution resolution, EventStamp source) {
        Profile created = Profile.create(ProfileIds.forNewProfile(event.messageId()), event.receivedAt())
                .apply(event, resolution, config);
        claimAll(created.identifierList(), new IndexEntry(created.id(), created.version()), source);
        StoredProfile fresh = next(StoredProfile.fresh(created), created, event.messageId(), created.version());
        if (store.insert(fresh)) {
            return new Outcome.Applied(created.id(), false, List.of(), fresh);
        }
        StoredProfile existing = store.load(created.id()).orElseThrow(() -> new Conflict("new profile vanished"));
        if (existing.hasApplied(event.messageId())) {
            return new Outcome.Applied(existing.id(), true, List.of(), existing);
        }
        throw new Conflict("new profile id taken");
    }

    private Outcome attach(StoredProfile target, TouchpointEvent event, Resolution resolution, EventStamp source) {
        Profile after = target.profile().apply(event, resolution, config);
        IdentifierChanges changes = IdentifierChanges.between(target.profile(), after);
        claimAll(changes.claimed(), new IndexEntry(target.id(), target.version() + 1), source);
        StoredProfile written = store.replace(next(target, after, event.messageId(), target.version() + 1))
                .orElseThrow(() -> new Conflict("profile write lost"));
        releaseAll(changes.released(), List.of(target.id()));
        return new Outcome.Applied(target.id(), false, List.of(), written);
    }

    private Outcome merge(Map<String, StoredProfile> owners, TouchpointEvent event, Resolution.Merge merge,
                          EventStamp source) {
        StoredProfile survivor = owners.get(merge.survivorId());
        List<StoredProfile> marked = new ArrayList<>();
        for (String loserId : merge.loserIds()) {
            StoredProfile loser = owners.get(loserId);
            marked.add(store.replace(loser.with(loser.profile().markMergedInto(survivor.id())))
                    .orElseThrow(() -> new Conflict("redirect mark lost")));
        }
        StoredProfile absorbed = absorb(survivor, marked, source, merge.linking());
        Profile after = absorbed.profile().apply(event, merge, config);
        IdentifierChanges changes = IdentifierChanges.afterMerge(survivor.profile(), profiles(marked), after);
        Set<Identifier> attached = new LinkedHashSet<>(changes.claimed());
        marked.forEach(loser -> loser.profile().identifierList().forEach(attached::remove));
        claimAll(attached, new IndexEntry(survivor.id(), survivor.version() + 1), source);
        StoredProfile written = store.replace(next(absorbed, after, event.messageId(), absorbed.version() + 1))
                .orElseThrow(() -> new Conflict("survivor write lost"));
        moveToSurvivor(changes, marked, written);
        return new Outcome.Applied(survivor.id(), false, merge.loserIds(), written);
    }

    /** {@code base} taking {@code after}: memberships re-evaluated, their changes in the outbox. */
    private StoredProfile next(StoredProfile base, Profile after, String messageId, long writtenVersion) {
        Segmentation.Change change = segmentation.evaluate(base.profile().segments(), after, messageId,
                writtenVersion);
        return base.next(change.profile(), messageId).withOutbox(change.events());
    }

    /** Mark-before-absorb is the caller's job: {@code losers} are stored redirects to {@code survivor}. */
    private StoredProfile absorb(StoredProfile survivor, List<StoredProfile> losers, EventStamp source,
                                 List<Identifier> linking) {
        StoredProfile result = survivor;
        for (StoredProfile loser : losers) {
            try {
                Profile merged = result.profile().mergeFrom(loser.profile(), source.messageId(), source.at(), linking,
                        config);
                result = result.with(merged).absorbing(loser);
            } catch (IdentityConflictException e) {
                store.replace(loser.with(loser.profile().reopen()));
                throw new Conflict("survivor gained another userId: loser reopened");
            }
        }
        return result;
    }

    private Map<String, StoredProfile> findOwners(List<Identifier> lookup, EventStamp source) {
        Map<String, StoredProfile> owners = new LinkedHashMap<>();
        for (Identifier identifier : lookup) {
            Optional<IndexEntry> entry = index.owner(identifier);
            if (entry.isPresent()) {
                holder(identifier, entry.get(), source).ifPresent(p -> owners.putIfAbsent(p.id(), p));
            }
        }
        return owners;
    }

    /**
     * The live profile that holds {@code identifier} through {@code entry}, or empty for a stale entry.
     *
     * @throws Conflict for a claim whose write may still happen (after fencing it) or whose new profile is not there
     *     yet, unless that profile is the one this very event creates (a redelivery after a crash before the insert)
     */
    private Optional<StoredProfile> holder(Identifier identifier, IndexEntry entry, EventStamp source) {
        Optional<StoredProfile> loaded = store.load(entry.profileId());
        if (loaded.isEmpty()) {
            if (entry.profileId().equals(ProfileIds.forNewProfile(source.messageId()))) {
                return Optional.empty();
            }
            throw new Conflict("claim for a profile not created yet");
        }
        StoredProfile named = loaded.get();
        if (named.profile().isMerged()) {
            StoredProfile live = live(named, source);
            return live.profile().has(identifier) ? Optional.of(live) : Optional.empty();
        }
        if (named.profile().has(identifier)) {
            return Optional.of(named);
        }
        if (named.version() >= entry.version()) {
            return Optional.empty();
        }
        store.replace(named);
        throw new Conflict("pending claim fenced");
    }

    /** Follows redirects; completes an absorption that a crash or a lost race left undone. */
    private StoredProfile live(StoredProfile start, EventStamp source) {
        List<StoredProfile> chain = new ArrayList<>();
        StoredProfile current = start;
        while (current.profile().isMerged()) {
            chain.add(current);
            if (chain.size() > MAX_REDIRECTS) {
                throw new IllegalStateException("redirect chain from " + start.id() + " does not end");
            }
            current = store.load(current.profile().mergedInto())
                    .orElseThrow(() -> new Conflict("redirect target missing"));
        }
        StoredProfile survivor = current;
        List<StoredProfile> pending = chain.stream().filter(r -> !survivor.profile().hasAbsorbed(r.id())).toList();
        if (pending.isEmpty()) {
            return survivor;
        }
        StoredProfile absorbed = absorb(survivor, pending, source, List.of());
        StoredProfile written = store.replace(absorbed).orElseThrow(() -> new Conflict("merge completion lost"));
        moveToSurvivor(IdentifierChanges.afterMerge(survivor.profile(), profiles(pending), written.profile()), pending,
                written);
        return written;
    }

    private void claimAll(Collection<Identifier> identifiers, IndexEntry wanted, EventStamp source) {
        for (Identifier identifier : identifiers) {
            IndexEntry current = index.claim(identifier, wanted);
            if (current.equals(wanted)) {
                continue;
            }
            boolean ours = current.profileId().equals(wanted.profileId());
            if (!ours && holder(identifier, current, source).isPresent()) {
                throw new Conflict("identifier owned by another profile");
            }
            if (!index.repoint(identifier, current, wanted)) {
                throw new Conflict("index entry changed");
            }
        }
    }

    /** Index upkeep after an absorption; redirects make it an optimization, so lost races here are ignored. */
    private void moveToSurvivor(IdentifierChanges changes, List<StoredProfile> losers, StoredProfile survivor) {
        List<String> loserIds = losers.stream().map(StoredProfile::id).toList();
        IndexEntry target = new IndexEntry(survivor.id(), survivor.version());
        for (Identifier identifier : changes.claimed()) {
            index.owner(identifier)
                    .filter(entry -> loserIds.contains(entry.profileId()))
                    .ifPresent(entry -> index.repoint(identifier, entry, target));
        }
        List<String> holders = new ArrayList<>(loserIds);
        holders.add(survivor.id());
        releaseAll(changes.released(), holders);
    }

    private void releaseAll(Collection<Identifier> identifiers, List<String> holders) {
        for (Identifier identifier : identifiers) {
            holders.forEach(holder -> index.release(identifier, holder));
        }
    }

    private static List<Profile> profiles(List<StoredProfile> stored) {
        return stored.stream().map(StoredProfile::profile).toList();
    }

    /** Jitter, so that two writers who keep colliding fall out of step. */
    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextInt(1, 2 + Math.min(attempt, 10) * 2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying", e);
        }
    }

    /** A lost race: drop what was computed and start again from storage. */
    private static final class Conflict extends RuntimeException {

        Conflict(String reason) {
            super(reason, null, false, false);
        }
    }
}
