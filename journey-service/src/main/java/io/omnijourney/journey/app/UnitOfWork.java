package io.omnijourney.journey.app;

import io.omnijourney.contract.profile.ProfileSnapshot;
import io.omnijourney.journey.app.ProfileCache.CachedProfile;
import io.omnijourney.journey.app.ProfileCache.InstanceRef;
import io.omnijourney.journey.app.ProfileCache.ProfileWrite;
import io.omnijourney.journey.domain.JourneyInstance;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
 */
public final class UnitOfWork {

    private final InstanceStore store;
    private final ProfileCache profiles;
    private final boolean deferred;
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
        /** The revision stored in MongoDB (0: not stored yet). */
        long storedRevision;
        /** The timer of the stored revision (null: none), so the store writes timer hints only when it changes. */
        Instant storedTimer;
        boolean dirty;
        final List<OutboxMessage> added = new ArrayList<>();
    }

    private static final class QueuedProfileWrite {
        ProfileSnapshot snapshot;
        Instant asOf;
        final Map<String, InstanceRef> listed = new LinkedHashMap<>();
        final Set<String> retired = new LinkedHashSet<>();
    }

    private UnitOfWork(InstanceStore store, ProfileCache profiles, boolean deferred) {
        this.store = store;
        this.profiles = profiles;
        this.deferred = deferred;
    }

    public static UnitOfWork immediate(InstanceStore store, ProfileCache profiles) {
        return new UnitOfWork(store, profiles, false);
    }

    public static UnitOfWork deferred(InstanceStore store, ProfileCache profiles) {
        return new UnitOfWork(store, profiles, true);
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

    /** Reads the documents of these profiles and their instances that events can still change, in bulk. */
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
                documents.get(id).instances().values().stream().filter(r -> !r.retired())
                        .forEach(r -> instanceIds.add(r.instanceId()));
            }
        }
        load(instanceIds);
    }

    /** Seeds the unit with an instance just read elsewhere (a claimed timer). */
    public void seed(StoredInstance instance) {
        Slot slot = new Slot();
        slot.current = instance;
        slot.storedRevision = instance.instance().revision;
        slot.storedTimer = InstanceStore.timerOf(instance.instance());
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
            slot.storedRevision = slot.current == null ? 0 : slot.current.instance().revision;
            slot.storedTimer = slot.current == null ? null : InstanceStore.timerOf(slot.current.instance());
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
        documents.put(profileId, new CachedProfile(profileId, snapshot, asOf, doc.instances()));
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

    /** The profile's instances (still its own: a merge may have moved one away), optionally the retired ones too. */
    public List<StoredInstance> instancesOf(String profileId, boolean withRetired) {
        return instancesOf(profileId, ref -> withRetired || !ref.retired());
    }

    /** The profile's instances of one journey, retired ones included (entry rules, frequency cap). */
    public List<JourneyInstance> instancesOf(String profileId, String journeyId) {
        return instancesOf(profileId, ref -> journeyId.equals(ref.journeyId())).stream()
                .map(StoredInstance::instance).toList();
    }

    private List<StoredInstance> instancesOf(String profileId, java.util.function.Predicate<InstanceRef> which) {
        List<String> ids = document(profileId).instances().values().stream().filter(which)
                .map(InstanceRef::instanceId).toList();
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
     * are marked retired in the profile's document (no event can change them any more), so later events skip them.
     */
    public List<StoredInstance> relevantFor(String profileId, Instant now) {
        List<StoredInstance> relevant = new ArrayList<>();
        for (StoredInstance s : instancesOf(profileId, false)) {
            JourneyInstance i = s.instance();
            if (i.active() || (i.goalUntil != null && !i.goalUntil.isBefore(now)) || !s.outbox().isEmpty()) {
                relevant.add(s);
            } else {
                retire(profileId, i.id);
            }
        }
        return relevant;
    }

    private void retire(String profileId, String instanceId) {
        CachedProfile doc = document(profileId);
        InstanceRef ref = doc.instances().get(instanceId);
        if (ref == null || ref.retired()) {
            return;
        }
        Map<String, InstanceRef> refs = new LinkedHashMap<>(doc.instances());
        refs.put(instanceId, new InstanceRef(instanceId, ref.journeyId(), ref.enteredAt(), true));
        documents.put(profileId, new CachedProfile(profileId, doc.snapshot(), doc.asOf(), refs));
        profileWrite(profileId).retired.add(instanceId);
        writeProfileNowUnlessDeferred(profileId);
    }

    /** Lists an instance in a profile's document (before it is inserted there or moved there). */
    public void list(String profileId, JourneyInstance instance) {
        CachedProfile doc = document(profileId);
        InstanceRef ref = new InstanceRef(instance.id, instance.journeyId, instance.enteredAt, false);
        Map<String, InstanceRef> refs = new LinkedHashMap<>(doc.instances());
        refs.put(instance.id, ref);
        documents.put(profileId, new CachedProfile(profileId, doc.snapshot(), doc.asOf(), refs));
        QueuedProfileWrite write = profileWrite(profileId);
        write.retired.remove(instance.id);
        write.listed.put(instance.id, ref);
        writeProfileNowUnlessDeferred(profileId);
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
            slot.storedRevision = 1;
            slot.storedTimer = InstanceStore.timerOf(stored);
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
        if (!deferred) {
            if (!store.writeAll(List.of(new InstanceStore.InstanceWrite(stored, expectedRevision, newOutbox,
                    slot.storedTimer)))) {
                slots.remove(next.id);
                return false;
            }
            slot.storedRevision = expectedRevision + 1;
            slot.storedTimer = InstanceStore.timerOf(stored);
        } else {
            slot.dirty = true;
            slot.added.addAll(newOutbox);
        }
        List<OutboxMessage> outbox = new ArrayList<>(slot.current.outbox());
        outbox.addAll(newOutbox);
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
        return profileWrites.computeIfAbsent(profileId, id -> new QueuedProfileWrite());
    }

    private void writeProfileNowUnlessDeferred(String profileId) {
        if (!deferred) {
            QueuedProfileWrite write = profileWrites.remove(profileId);
            profiles.write(List.of(toWrite(profileId, write)));
        }
    }

    private static ProfileWrite toWrite(String profileId, QueuedProfileWrite write) {
        return new ProfileWrite(profileId, write.snapshot, write.asOf, List.copyOf(write.listed.values()),
                List.copyOf(write.retired));
    }

    /**
     * Writes what is queued: profile documents first (so every instance is listed before it exists), then the
     * instances. Throws {@link ConcurrentChangeException} if an instance changed in MongoDB since it was read.
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
            slots.clear();
            throw new ConcurrentChangeException("an instance changed while the unit was computed");
        }
        for (Slot slot : written) {
            slot.storedRevision = slot.current.instance().revision;
            slot.storedTimer = InstanceStore.timerOf(slot.current.instance());
            slot.dirty = false;
            slot.added.clear();
        }
    }
}
