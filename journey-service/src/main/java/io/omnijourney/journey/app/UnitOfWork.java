package io.omnijourney.journey.app;

import io.omnijourney.contract.profile.ProfileSnapshot;
import io.omnijourney.journey.app.ProfileCache.CachedProfile;
import io.omnijourney.journey.app.ProfileCache.Entry;
import io.omnijourney.journey.app.ProfileCache.InstanceRef;
import io.omnijourney.journey.app.ProfileCache.ProfileWrite;
import io.omnijourney.journey.domain.JourneyInstance;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The profile documents and instances the runtime reads and writes while handling events, cached for the unit.
 *
 * <p><b>Immediate</b> (REST enrollment, timers): every write goes to MongoDB at once and reports a lost race at once,
 * as the single-instance paths always did. <b>Deferred</b> (one consumer poll): reads are prefetched in bulk, writes
 * change the cached state and are queued; {@link #commit()} writes the profile documents (one unordered bulk write),
 * then the instances (inserts and revision-conditional updates, one unordered bulk write). Several changes of one
 * instance within the unit become one write that expects the revision read from MongoDB, so per-profile order is the
 * order of the calls, and a concurrent change (a timer firing meanwhile) makes the whole commit fail with
 * {@link ConcurrentChangeException}: the caller replays the poll, which is idempotent.
 *
 * <p>Profile documents are always written before instances, so an instance is listed in its profile's document
 * before it exists. Merges and erasures first commit what is queued ({@link #commit()}) and then write directly.
 *
 * <p><b>Statistics</b>: once an instance write has landed, what it changed ({@link StatCounts}, the difference
 * between the revision it replaced and the new one) is added to the counters ({@link StatsStore}), in one bulk write
 * per commit. A replayed unit finds those instances already changed, changes nothing and counts nothing; of a commit
 * refused because some instance changed meanwhile, the writes that did land are found by reading them back and
 * counted. A crash between an instance write and its counter write loses that count (never counts it twice).
 */
public final class UnitOfWork {

    private final InstanceStore store;
    private final ProfileCache profiles;
    private final StatsStore counters;
    private final boolean deferred;
    /** For a retiring instance: send times after this instant stay countable by the frequency cap (null: none). */
    private final Function<JourneyInstance, Instant> keepSendsAfter;
    private final Map<String, CachedProfile> documents = new HashMap<>();
    private final Map<String, Slot> slots = new HashMap<>();
    private final Map<String, QueuedProfileWrite> profileWrites = new LinkedHashMap<>();
    /** The trace context of the event being handled, stamped on the messages it causes; null: none. */
    private String cause;

    /** A lost race on a deferred write: nothing of the failed writes was applied, the unit must be redone. */
    public static final class ConcurrentChangeException extends RuntimeException {
        public ConcurrentChangeException(String message) {
            super(message);
        }
    }

    private static final class Slot {
        /** The instance as this unit sees it; null: there is no such instance. */
        StoredInstance current;
        /** The instance as stored in MongoDB (null: not stored yet), what the statistics count changes from. */
        JourneyInstance stored;
        /** The revision stored in MongoDB (0: not stored yet). */
        long storedRevision;
        /** The timer of the stored revision (null: none), so the store writes timer hints only when it changes. */
        Instant storedTimer;
        boolean dirty;
        final List<OutboxMessage> added = new ArrayList<>();

        void storedAs(StoredInstance s) {
            stored = s == null ? null : s.instance();
            storedRevision = s == null ? 0 : s.instance().revision;
            storedTimer = s == null ? null : InstanceStore.timerOf(s.instance());
        }
    }

    private static final class QueuedProfileWrite {
        ProfileSnapshot snapshot;
        Instant asOf;
        final Map<String, InstanceRef> listed = new LinkedHashMap<>();
        final Set<String> unlisted = new LinkedHashSet<>();
        final Map<String, Entry> entries = new LinkedHashMap<>();
        final Set<String> dropped = new LinkedHashSet<>();
        boolean rewrite;
    }

    private UnitOfWork(InstanceStore store, ProfileCache profiles, StatsStore counters, boolean deferred,
            Function<JourneyInstance, Instant> keepSendsAfter) {
        this.store = store;
        this.profiles = profiles;
        this.counters = counters;
        this.deferred = deferred;
        this.keepSendsAfter = keepSendsAfter;
    }

    /** Keeps the newest sends of retiring instances whatever their age (tests and tools). */
    private static final Function<JourneyInstance, Instant> KEEP_NEWEST = i -> Instant.MIN;

    public static UnitOfWork immediate(InstanceStore store, ProfileCache profiles) {
        return new UnitOfWork(store, profiles, StatsStore.NONE, false, KEEP_NEWEST);
    }

    public static UnitOfWork deferred(InstanceStore store, ProfileCache profiles) {
        return new UnitOfWork(store, profiles, StatsStore.NONE, true, KEEP_NEWEST);
    }

    public static UnitOfWork immediate(InstanceStore store, ProfileCache profiles, StatsStore counters,
            Function<JourneyInstance, Instant> keepSendsAfter) {
        return new UnitOfWork(store, profiles, counters, false, keepSendsAfter);
    }

    public static UnitOfWork deferred(InstanceStore store, ProfileCache profiles, StatsStore counters,
            Function<JourneyInstance, Instant> keepSendsAfter) {
        return new UnitOfWork(store, profiles, counters, true, keepSendsAfter);
    }

    /**
     * The event handled from now on (until the next call) belongs to the trace {@code traceparent} names (null: to
     * none): the messages it causes keep that trace, whoever publishes them.
     */
    public void causedBy(String traceparent) {
        this.cause = traceparent;
    }

    /** The trace context of the event being handled, or null. */
    public String cause() {
        return cause;
    }

    /** Reads the documents of these profiles and their live instances, in bulk. */
    public void prefetch(Collection<String> profileIds) {
        prefetch(profileIds, List.of());
    }

    /**
     * As {@link #prefetch(Collection)}, and reads the instances with these ids in the same bulk reads (the ids of the
     * instances the events may start: whether each exists is then known without a round trip per event).
     */
    public void prefetch(Collection<String> profileIds, Collection<String> instanceIdsToo) {
        List<String> missing = profileIds.stream().filter(id -> id != null && !documents.containsKey(id)).distinct()
                .toList();
        Map<String, CachedProfile> loaded = profiles.load(missing);
        for (String id : missing) {
            documents.put(id, loaded.getOrDefault(id, CachedProfile.empty(id)));
        }
        List<String> instanceIds = new ArrayList<>(instanceIdsToo);
        for (String id : profileIds) {
            if (id != null) {
                instanceIds.addAll(documents.get(id).live().keySet());
            }
        }
        load(instanceIds);
    }

    /** Seeds the unit with an instance just read elsewhere (a claimed timer). */
    public void seed(StoredInstance instance) {
        Slot slot = new Slot();
        slot.current = instance;
        slot.storedAs(instance);
        slots.put(instance.instance().id, slot);
    }

    private void load(Collection<String> instanceIds) {
        List<String> missing = instanceIds.stream().filter(id -> !slots.containsKey(id)).distinct().toList();
        if (missing.isEmpty()) {
            return;
        }
        Map<String, StoredInstance> found = store.findAll(missing);
        for (String id : missing) {
            Slot slot = new Slot();
            slot.current = found.get(id);
            slot.storedAs(slot.current);
            slots.put(id, slot);
        }
    }

    private CachedProfile document(String profileId) {
        CachedProfile doc = documents.get(profileId);
        if (doc == null) {
            doc = profiles.load(List.of(profileId)).getOrDefault(profileId, CachedProfile.empty(profileId));
            documents.put(profileId, doc);
        }
        return doc;
    }

    public Optional<ProfileSnapshot> snapshot(String profileId) {
        return Optional.ofNullable(document(profileId).snapshot());
    }

    /** Keeps the snapshot unless a newer one is stored; returns the one that is kept. */
    public ProfileSnapshot saveSnapshot(String profileId, ProfileSnapshot snapshot, Instant asOf) {
        CachedProfile doc = document(profileId);
        if (doc.asOf() != null && doc.asOf().isAfter(asOf)) {
            // A newer snapshot is stored: events of one profile can arrive out of order after a merge.
            return doc.snapshot();
        }
        documents.put(profileId, new CachedProfile(profileId, snapshot, asOf, doc.live(), doc.entries(),
                doc.legacy()));
        QueuedProfileWrite write = profileWrite(profileId);
        write.snapshot = snapshot;
        write.asOf = asOf;
        writeProfileNowUnlessDeferred(profileId);
        return snapshot;
    }

    public Optional<StoredInstance> find(String instanceId) {
        load(List.of(instanceId));
        return Optional.ofNullable(slots.get(instanceId).current);
    }

    /**
     * The profile's instances (still its own: a merge may have moved one away): the live ones its document lists,
     * and with {@code finishedToo} also the finished ones, found by their {@code profileId} (merges and erasure).
     */
    public List<StoredInstance> instancesOf(String profileId, boolean finishedToo) {
        Set<String> ids = new LinkedHashSet<>(document(profileId).live().keySet());
        if (finishedToo) {
            ids.addAll(store.idsOfProfile(profileId));
        }
        return own(profileId, List.copyOf(ids));
    }

    /** The profile's live instances of one journey (the only ones that can be active). */
    public List<JourneyInstance> liveOf(String profileId, String journeyId) {
        List<String> ids = document(profileId).live().values().stream()
                .filter(ref -> journeyId.equals(ref.journeyId())).map(InstanceRef::instanceId).toList();
        return own(profileId, ids).stream().map(StoredInstance::instance).toList();
    }

    /** How many live instances the profile's document lists (at most {@link ProfileCache#MAX_LIVE} are started). */
    public int liveCount(String profileId) {
        return document(profileId).live().size();
    }

    /** The profile's entry record of a journey: what re-entry rules and the frequency cap read of finished ones. */
    public Optional<Entry> entry(String profileId, String journeyId) {
        return Optional.ofNullable(document(profileId).entries().get(journeyId));
    }

    private List<StoredInstance> own(String profileId, List<String> ids) {
        load(ids);
        List<StoredInstance> found = new ArrayList<>();
        for (String id : ids) {
            StoredInstance s = slots.get(id).current;
            if (s != null && profileId.equals(s.instance().profileId)) {
                found.add(s);
            }
        }
        return found;
    }

    /**
     * Instances an event of the profile may still concern: active, with an open goal, or with an outbox. The others
     * are unlisted from the profile's document (no event can change them any more; their sends the frequency cap may
     * still count move to the journey's entry record), so later events skip them.
     */
    public List<StoredInstance> relevantFor(String profileId, Instant now) {
        List<StoredInstance> relevant = new ArrayList<>();
        for (StoredInstance s : instancesOf(profileId, false)) {
            JourneyInstance i = s.instance();
            if (i.active() || (i.goalUntil != null && !i.goalUntil.isBefore(now)) || !s.outbox().isEmpty()) {
                relevant.add(s);
            } else {
                retire(profileId, i);
            }
        }
        return relevant;
    }

    private void retire(String profileId, JourneyInstance instance) {
        CachedProfile doc = document(profileId);
        if (!doc.live().containsKey(instance.id)) {
            return;
        }
        Map<String, InstanceRef> live = new LinkedHashMap<>(doc.live());
        live.remove(instance.id);
        Entry entry = doc.entries().get(instance.journeyId);
        Entry base = entry != null ? entry
                : new Entry(instance.journeyId, instance.enteredAt, instance.enteredAt, instance.id, null, List.of());
        Instant after = keepSendsAfter.apply(instance);
        List<Instant> sends = new ArrayList<>(base.sends());
        if (after != null) {
            instance.sends.stream().map(JourneyInstance.SendRecord::at).filter(at -> at.isAfter(after))
                    .forEach(sends::add);
        }
        sends.sort(Comparator.naturalOrder());
        List<Instant> kept = sends.subList(Math.max(0, sends.size() - ProfileCache.MAX_ENTRY_SENDS), sends.size());
        Entry retired = new Entry(base.journeyId(), base.first(), base.last(), base.lastInstanceId(), base.previous(),
                kept);
        Map<String, Entry> entries = new LinkedHashMap<>(doc.entries());
        entries.put(instance.journeyId, retired);
        documents.put(profileId, new CachedProfile(profileId, doc.snapshot(), doc.asOf(), live, entries,
                doc.legacy()));
        QueuedProfileWrite write = profileWrite(profileId);
        write.listed.remove(instance.id);
        write.unlisted.add(instance.id);
        write.entries.put(instance.journeyId, retired);
        writeProfileNowUnlessDeferred(profileId);
    }

    /**
     * Lists an instance in a profile's document (before it is inserted there or moved there), and records its entry
     * in the journey's entry record (dropping the least recently entered journey's record beyond
     * {@link ProfileCache#MAX_ENTRIES}).
     */
    public void list(String profileId, JourneyInstance instance) {
        CachedProfile doc = document(profileId);
        InstanceRef ref = new InstanceRef(instance.id, instance.journeyId, instance.enteredAt);
        Map<String, InstanceRef> live = new LinkedHashMap<>(doc.live());
        live.put(instance.id, ref);
        Map<String, Entry> entries = new LinkedHashMap<>(doc.entries());
        QueuedProfileWrite write = profileWrite(profileId);
        Entry entry = entered(entries.get(instance.journeyId), instance.journeyId, instance.id, instance.enteredAt);
        if (!entries.containsKey(instance.journeyId) && entries.size() >= ProfileCache.MAX_ENTRIES) {
            String oldest = entries.values().stream().min(Comparator.comparing(Entry::last)).orElseThrow().journeyId();
            entries.remove(oldest);
            write.entries.remove(oldest);
            write.dropped.add(oldest);
        }
        entries.put(instance.journeyId, entry);
        documents.put(profileId, new CachedProfile(profileId, doc.snapshot(), doc.asOf(), live, entries,
                doc.legacy()));
        write.unlisted.remove(instance.id);
        write.listed.put(instance.id, ref);
        write.dropped.remove(instance.journeyId);
        write.entries.put(instance.journeyId, entry);
        writeProfileNowUnlessDeferred(profileId);
    }

    /** An entry record with one more entry (an instance entering, or one moved here by a merge). */
    private static Entry entered(Entry known, String journeyId, String instanceId, Instant at) {
        if (known == null) {
            return new Entry(journeyId, at, at, instanceId, null, List.of());
        }
        if (instanceId.equals(known.lastInstanceId())) {
            return known;
        }
        Instant first = at.isBefore(known.first()) ? at : known.first();
        if (!at.isBefore(known.last())) {
            return new Entry(journeyId, first, at, instanceId, known.last(), known.sends());
        }
        Instant previous = known.previous() == null || at.isAfter(known.previous()) ? at : known.previous();
        return new Entry(journeyId, first, known.last(), known.lastInstanceId(), previous, known.sends());
    }

    /** A merge: the loser's entry records join the survivor's (earliest first entry, latest last, all sends). */
    public void absorbEntries(String from, String into) {
        CachedProfile loser = document(from);
        for (Entry e : loser.entries().values()) {
            CachedProfile doc = document(into);
            Entry known = doc.entries().get(e.journeyId());
            Entry merged;
            if (known == null) {
                merged = e;
            } else {
                Entry later = e.last().isAfter(known.last()) ? e : known;
                Entry earlier = later == e ? known : e;
                List<Instant> sends = new ArrayList<>(known.sends());
                sends.addAll(e.sends());
                sends.sort(Comparator.naturalOrder());
                merged = new Entry(e.journeyId(), e.first().isBefore(known.first()) ? e.first() : known.first(),
                        later.last(), later.lastInstanceId(), earlier.last(),
                        sends.subList(Math.max(0, sends.size() - ProfileCache.MAX_ENTRY_SENDS), sends.size()));
            }
            Map<String, Entry> entries = new LinkedHashMap<>(doc.entries());
            entries.put(e.journeyId(), merged);
            documents.put(into, new CachedProfile(into, doc.snapshot(), doc.asOf(), doc.live(), entries,
                    doc.legacy()));
            profileWrite(into).entries.put(e.journeyId(), merged);
        }
        writeProfileNowUnlessDeferred(into);
    }

    /** Inserts a new instance with its outbox, listed in its profile first; false if the id exists. */
    public boolean insert(JourneyInstance instance, List<OutboxMessage> outbox) {
        Slot slot = slot(instance.id);
        if (slot.current != null) {
            return false;
        }
        list(instance.profileId, instance);
        JourneyInstance stored = instance.copy();
        stored.revision = 1;
        if (!deferred) {
            if (!store.writeAll(List.of(new InstanceStore.InstanceWrite(stored, 0, outbox, null)))) {
                slots.remove(instance.id);
                return false;
            }
            counters.add(new StatCounts().add(null, stored));
            slot.storedAs(new StoredInstance(stored, outbox));
        } else {
            slot.dirty = true;
            slot.added.addAll(outbox);
        }
        slot.current = new StoredInstance(stored, outbox);
        return true;
    }

    /**
     * Writes the new state and appends to the outbox if the instance is still at {@code expectedRevision} as this
     * unit sees it; its revision becomes {@code expectedRevision + 1}. False on a lost race: {@link #find} then
     * gives the current state.
     */
    public boolean update(JourneyInstance next, long expectedRevision, List<OutboxMessage> newOutbox) {
        Slot slot = slot(next.id);
        if (slot.current == null || slot.current.instance().revision != expectedRevision) {
            return false;
        }
        JourneyInstance stored = next.copy();
        stored.revision = expectedRevision + 1;
        List<OutboxMessage> outbox = new ArrayList<>(slot.current.outbox());
        outbox.addAll(newOutbox);
        if (!deferred) {
            if (!store.writeAll(List.of(new InstanceStore.InstanceWrite(stored, expectedRevision, newOutbox,
                    slot.storedTimer)))) {
                slots.remove(next.id);
                return false;
            }
            counters.add(new StatCounts().add(slot.stored, stored));
            slot.storedAs(new StoredInstance(stored, outbox));
        } else {
            slot.dirty = true;
            slot.added.addAll(newOutbox);
        }
        slot.current = new StoredInstance(stored, outbox);
        return true;
    }

    /** Erasure: drops the outbox and every personal field of the instance, after what is queued. */
    public void scrub(String instanceId) {
        commit();
        store.scrub(instanceId);
        slots.remove(instanceId);
    }

    /** Deletes the profile's document, after what is queued. */
    public void deleteProfile(String profileId) {
        commit();
        profiles.delete(profileId);
        documents.put(profileId, CachedProfile.empty(profileId));
    }

    private Slot slot(String instanceId) {
        load(List.of(instanceId));
        return slots.get(instanceId);
    }

    private QueuedProfileWrite profileWrite(String profileId) {
        QueuedProfileWrite write = profileWrites.computeIfAbsent(profileId, id -> new QueuedProfileWrite());
        CachedProfile doc = documents.get(profileId);
        if (doc != null && doc.legacy()) {
            // Written by the version that listed every instance: the next write replaces that listing.
            write.rewrite = true;
        }
        return write;
    }

    private void writeProfileNowUnlessDeferred(String profileId) {
        if (!deferred) {
            QueuedProfileWrite write = profileWrites.remove(profileId);
            profiles.write(List.of(toWrite(profileId, write)));
        }
    }

    private ProfileWrite toWrite(String profileId, QueuedProfileWrite write) {
        CachedProfile rewrite = null;
        if (write.rewrite) {
            CachedProfile doc = documents.get(profileId);
            rewrite = doc;
            documents.put(profileId, new CachedProfile(profileId, doc.snapshot(), doc.asOf(), doc.live(),
                    doc.entries(), false));
        }
        return new ProfileWrite(profileId, write.snapshot, write.asOf, List.copyOf(write.listed.values()),
                write.unlisted, List.copyOf(write.entries.values()), write.dropped, rewrite);
    }

    /**
     * Writes what is queued: profile documents first (so every instance is listed before it exists), then the
     * instances, then the statistics of the instance writes that landed. Throws {@link ConcurrentChangeException}
     * if an instance changed in MongoDB since it was read.
     */
    public void commit() {
        if (!profileWrites.isEmpty()) {
            List<ProfileWrite> writes = new ArrayList<>();
            profileWrites.forEach((id, w) -> writes.add(toWrite(id, w)));
            profiles.write(writes);
            profileWrites.clear();
        }
        List<InstanceStore.InstanceWrite> writes = new ArrayList<>();
        List<Slot> written = new ArrayList<>();
        for (Slot slot : slots.values()) {
            if (slot.dirty) {
                writes.add(new InstanceStore.InstanceWrite(slot.current.instance(), slot.storedRevision,
                        slot.storedRevision == 0 ? slot.current.outbox() : List.copyOf(slot.added),
                        slot.storedRevision == 0 ? null : slot.storedTimer));
                written.add(slot);
            }
        }
        if (writes.isEmpty()) {
            return;
        }
        if (!store.writeAll(writes)) {
            countLanded(written);
            slots.clear();
            throw new ConcurrentChangeException("an instance changed while the unit was computed");
        }
        StatCounts counts = new StatCounts();
        for (Slot slot : written) {
            counts.add(slot.stored, slot.current.instance());
            slot.storedAs(slot.current);
            slot.dirty = false;
            slot.added.clear();
        }
        counters.add(counts);
    }

    /** Of a refused commit, counts the writes that landed all the same: read back, they are exactly as written. */
    private void countLanded(List<Slot> written) {
        Map<String, StoredInstance> now = store.findAll(written.stream().map(s -> s.current.instance().id).toList());
        StatCounts counts = new StatCounts();
        for (Slot slot : written) {
            JourneyInstance ours = slot.current.instance();
            StoredInstance there = now.get(ours.id);
            if (there != null && there.instance().revision == ours.revision
                    && Objects.equals(millis(there.instance().updatedAt), millis(ours.updatedAt))
                    && there.instance().status == ours.status && Objects.equals(there.instance().stepId, ours.stepId)
                    && there.instance().visits.equals(ours.visits)) {
                counts.add(slot.stored, ours);
            }
        }
        counters.add(counts);
    }

    private static Instant millis(Instant at) {
        return at == null ? null : at.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }
}
