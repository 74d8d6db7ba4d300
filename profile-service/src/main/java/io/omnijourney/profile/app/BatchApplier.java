package io.omnijourney.profile.app;

import io.omnijourney.contract.touchpoint.TouchpointEvent;
import io.omnijourney.profile.domain.ExtractedIdentity;
import io.omnijourney.profile.domain.Identifier;
import io.omnijourney.profile.domain.IdentifierChanges;
import io.omnijourney.profile.domain.Identifiers;
import io.omnijourney.profile.domain.IdentityResolution;
import io.omnijourney.profile.domain.Profile;
import io.omnijourney.profile.domain.ProfileConfig;
import io.omnijourney.profile.domain.ProfileIds;
import io.omnijourney.profile.domain.Resolution;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Applies a poll's events with a handful of bulk round trips instead of several per event: one lookup of every
 * identifier, one load of every profile they name, the events applied in memory in order, then one bulk claim of the
 * new identifiers and one bulk write of the changed profiles, each write as conditional as {@link ProfileResolver}'s.
 *
 * <p>Only the common case runs here: every identifier unowned, owned by a profile that holds it, or claimed earlier in
 * the same batch, and no merge. The first event that needs more (a merge, a redirect, a stale or pending index entry)
 * ends the batch: what came before is written, that event goes through {@link ProfileResolver#apply}, and a new batch
 * starts after it. A profile whose claim or write lost a race has all its batch events replayed through the resolver,
 * in order; the messageIds its lost write carried make any part that did land a duplicate. So the result is what the
 * resolver alone would have produced, with the same guarantees.
 */
public final class BatchApplier {

    private final ProfileStore store;
    private final IdentityIndex index;
    private final ProfileConfig config;
    private final Segmentation segmentation;
    private final ProfileResolver resolver;
    private final java.util.concurrent.atomic.LongAdder batched = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder oneByOne = new java.util.concurrent.atomic.LongAdder();

    public BatchApplier(ProfileStore store, IdentityIndex index, ProfileConfig config, Segmentation segmentation,
                        ProfileResolver resolver) {
        this.store = Objects.requireNonNull(store, "store");
        this.index = Objects.requireNonNull(index, "index");
        this.config = Objects.requireNonNull(config, "config");
        this.segmentation = Objects.requireNonNull(segmentation, "segmentation");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    /** The outcome of each event, in the order given. */
    public List<Outcome> apply(List<TouchpointEvent> events) {
        Outcome[] outcomes = new Outcome[events.size()];
        int start = 0;
        while (start < events.size()) {
            Batch batch = new Batch(events, start);
            int stop = batch.applyUntilComplex(outcomes);
            batch.flush(outcomes);
            if (stop == events.size()) {
                break;
            }
            oneByOne.increment();
            outcomes[stop] = resolver.apply(events.get(stop));
            start = stop + 1;
        }
        return Arrays.asList(outcomes);
    }

    /** Events applied and written in bulk, since construction. */
    public long batched() {
        return batched.sum();
    }

    /** Events that went through the resolver alone (merges, stale entries, lost races), since construction. */
    public long oneByOne() {
        return oneByOne.sum();
    }

    /** A profile the batch changes: its state after each event so far, and what its write must claim. */
    private static final class Working {
        final StoredProfile read;
        final boolean created;
        StoredProfile current;
        final Set<Identifier> claims = new LinkedHashSet<>();
        final Set<Identifier> releases = new LinkedHashSet<>();
        final List<Integer> events = new ArrayList<>();

        Working(StoredProfile read, boolean created) {
            this.read = read;
            this.created = created;
            this.current = read;
        }

        /** The version the write stores: inserts keep theirs, replaces add one. */
        long writtenVersion() {
            return created ? read.version() : read.version() + 1;
        }
    }

    private final class Batch {
        private final List<TouchpointEvent> events;
        private final int start;
        private final Map<Identifier, IndexEntry> entries;
        private final Map<String, StoredProfile> loaded;
        private final Map<String, Working> working = new LinkedHashMap<>();
        private final Map<Identifier, String> claimedHere = new HashMap<>();

        Batch(List<TouchpointEvent> events, int start) {
            this.events = events;
            this.start = start;
            Set<Identifier> lookup = new LinkedHashSet<>();
            for (TouchpointEvent event : events.subList(start, events.size())) {
                lookup.addAll(Identifiers.extract(event, config.identity()).lookupIdentifiers());
            }
            this.entries = index.owners(lookup);
            Set<String> ids = new LinkedHashSet<>();
            entries.values().forEach(entry -> ids.add(entry.profileId()));
            this.loaded = store.loadAll(ids);
        }

        /** Applies events from {@code start} on; returns the index of the first it cannot (or the size). */
        int applyUntilComplex(Outcome[] outcomes) {
            for (int i = start; i < events.size(); i++) {
                Outcome outcome = tryApply(events.get(i), i);
                if (outcome == null) {
                    return i;
                }
                outcomes[i] = outcome;
            }
            return events.size();
        }

        /** Null when the event needs the resolver. */
        private Outcome tryApply(TouchpointEvent event, int position) {
            ExtractedIdentity identity = Identifiers.extract(event, config.identity());
            Map<String, Working> owners = new LinkedHashMap<>();
            for (Identifier identifier : identity.lookupIdentifiers()) {
                String local = claimedHere.get(identifier);
                if (local != null) {
                    owners.putIfAbsent(local, working.get(local));
                    continue;
                }
                IndexEntry entry = entries.get(identifier);
                if (entry == null) {
                    continue;
                }
                Working owner = workingFor(entry.profileId());
                if (owner == null || owner.current.profile().isMerged() || !owner.current.profile().has(identifier)) {
                    return null;
                }
                owners.putIfAbsent(owner.read.id(), owner);
            }
            for (Working owner : owners.values()) {
                if (owner.current.hasApplied(event.messageId())) {
                    return new Outcome.Applied(owner.read.id(), true, List.of(), owner.current);
                }
            }
            List<Profile> live = owners.values().stream().map(w -> w.current.profile()).toList();
            Resolution resolution = IdentityResolution.decide(live, identity, config.identity());
            if (resolution instanceof Resolution.Unattributable unattributable) {
                return new Outcome.Unattributable(unattributable.refusals());
            }
            if (resolution instanceof Resolution.Merge) {
                return null;
            }
            Working target;
            if (resolution instanceof Resolution.AttachTo attach) {
                target = owners.get(attach.profileId());
            } else {
                String id = ProfileIds.forNewProfile(event.messageId());
                if (working.containsKey(id) || loaded.containsKey(id)) {
                    return null;
                }
                target = new Working(StoredProfile.fresh(Profile.create(id, event.receivedAt())), true);
                working.put(id, target);
            }
            applyTo(target, event, resolution, position);
            return new Outcome.Applied(target.read.id(), false, List.of(), target.current);
        }

        private Working workingFor(String profileId) {
            Working known = working.get(profileId);
            if (known != null) {
                return known;
            }
            StoredProfile read = loaded.get(profileId);
            if (read == null) {
                return null;
            }
            Working created = new Working(read, false);
            working.put(profileId, created);
            return created;
        }

        private void applyTo(Working target, TouchpointEvent event, Resolution resolution, int position) {
            Profile before = target.current.profile();
            Profile after = before.apply(event, resolution, config);
            IdentifierChanges changes = IdentifierChanges.between(before, after);
            for (Identifier claimed : changes.claimed()) {
                target.claims.add(claimed);
                target.releases.remove(claimed);
                claimedHere.put(claimed, target.read.id());
            }
            for (Identifier released : changes.released()) {
                claimedHere.remove(released);
                if (!target.claims.remove(released)) {
                    target.releases.add(released);
                }
            }
            Segmentation.Change change = segmentation.evaluate(before.segments(), after, event.messageId(),
                    target.writtenVersion());
            target.current = target.current.next(change.profile(), event.messageId()).withOutbox(change.events());
            target.events.add(position);
        }

        /** Writes what the batch changed; replays through the resolver the events of profiles whose write lost. */
        void flush(Outcome[] outcomes) {
            if (working.values().stream().allMatch(w -> w.events.isEmpty())) {
                return;
            }
            Map<Identifier, IndexEntry> claims = new LinkedHashMap<>();
            for (Working w : working.values()) {
                w.claims.forEach(identifier -> claims.put(identifier, new IndexEntry(w.read.id(), w.writtenVersion())));
            }
            Set<String> lost = new LinkedHashSet<>();
            index.claimAll(claims).forEach(identifier -> lost.add(claimedOwner(identifier)));
            List<StoredProfile> inserts = new ArrayList<>();
            List<StoredProfile> replaces = new ArrayList<>();
            for (Working w : working.values()) {
                if (w.events.isEmpty() || lost.contains(w.read.id())) {
                    continue;
                }
                (w.created ? inserts : replaces).add(w.current);
            }
            lost.addAll(store.writeAll(inserts, replaces));
            for (Working w : working.values()) {
                if (w.events.isEmpty()) {
                    continue;
                }
                if (lost.contains(w.read.id())) {
                    oneByOne.add(w.events.size());
                    w.events.forEach(i -> outcomes[i] = resolver.apply(events.get(i)));
                } else {
                    batched.add(w.events.size());
                    w.releases.forEach(identifier -> index.release(identifier, w.read.id()));
                }
            }
        }

        private String claimedOwner(Identifier identifier) {
            for (Working w : working.values()) {
                if (w.claims.contains(identifier)) {
                    return w.read.id();
                }
            }
            throw new IllegalStateException("a lost claim nobody made");
        }
    }
}
