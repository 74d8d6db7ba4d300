package io.omnijourney.journey.app;

import io.omnijourney.journey.domain.JourneyInstance;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Journey instances, their timers (fields of the instance) and their outboxes. One document per instance; finding
 * due timers and stale outboxes never reads every instance (the store uses partial indexes, or hints beside the
 * instances where the server has no partial indexes).
 */
public interface InstanceStore {

    /** Inserts a new instance with its outbox; false if an instance with that id exists (a duplicate start). */
    boolean insert(JourneyInstance instance, List<OutboxMessage> outbox);

    /**
     * Writes the new state and appends to the outbox, only if the stored revision is still
     * {@code expectedRevision}; the stored revision becomes {@code expectedRevision + 1} and any timer lease is
     * released. False if someone else advanced the instance meanwhile.
     */
    boolean update(JourneyInstance next, long expectedRevision, List<OutboxMessage> newOutbox);

    Optional<StoredInstance> find(String id);

    /** The instances with these ids that exist, by id (exact {@code _id} lookups in bulk). */
    Map<String, StoredInstance> findAll(Collection<String> ids);

    /**
     * An insert ({@code expectedRevision} 0: the instance with its whole {@code outbox}) or an update conditional on
     * {@code expectedRevision} that sets the state and the revision of {@code instance} and appends {@code outbox}.
     * {@code storedTimer} is the timer ({@link #timerOf}) of the stored revision the write replaces, as the writer
     * read it (null: none), or {@link #UNKNOWN_TIMER}: the store then assumes the timer may have changed.
     */
    record InstanceWrite(JourneyInstance instance, long expectedRevision, List<OutboxMessage> outbox,
            Instant storedTimer) {
        public InstanceWrite {
            outbox = List.copyOf(outbox);
        }

        /** A write whose writer did not track the stored timer (none for an insert, unknown for an update). */
        public InstanceWrite(JourneyInstance instance, long expectedRevision, List<OutboxMessage> outbox) {
            this(instance, expectedRevision, outbox, expectedRevision == 0 ? null : UNKNOWN_TIMER);
        }
    }

    /** The stored timer of an update is not known to the writer. */
    Instant UNKNOWN_TIMER = Instant.MIN;

    /** The instant an instance's timer fires, or null: an ended instance has none, an active one always has one. */
    static Instant timerOf(JourneyInstance instance) {
        return instance.active() ? instance.dueAt : null;
    }

    /**
     * Applies the writes in one unordered bulk write. False if any of them did not apply (the id exists, or the
     * revision changed meanwhile): the others did, and redoing the whole unit is safe.
     */
    boolean writeAll(List<InstanceWrite> writes);

    /**
     * Claims one due timer: an active instance with {@code dueAt <= now} whose lease is free or expired, leased to
     * {@code owner} until {@code leaseUntil}. Atomic: two claimers never get the same instance within one lease.
     */
    Optional<StoredInstance> claimDue(Instant now, String owner, Instant leaseUntil);

    /** Claims up to {@code limit} due timers, each atomically as in {@link #claimDue}. */
    List<StoredInstance> claimDueBatch(Instant now, String owner, Instant leaseUntil, int limit);

    /**
     * Removes published messages from the outbox: if the instance is still at {@code revision}, its outbox holds
     * exactly those and is emptied in one write; otherwise only those ids are pulled.
     */
    void markPublished(String instanceId, long revision, List<String> messageIds);

    /** {@link #markPublished} for each pending, in bulk where the store can. */
    default void markPublishedAll(List<Pending> published) {
        for (Pending p : published) {
            markPublished(p.instanceId(), p.revision(), p.messages().stream().map(OutboxMessage::id).toList());
        }
    }

    /** Instances whose outbox still holds messages last written before {@code before}. */
    List<StoredInstance> withStaleOutbox(Instant before, int limit);

    /**
     * Writes the bookkeeping the store deferred (removal of timer and outbox hints that are no longer needed), which
     * it otherwise folds into its next write of that kind. Called by the background jobs after each round; skipping
     * it costs a little extra work later, never correctness.
     */
    default void settle() {
    }

    /**
     * The ids of every instance of a profile, finished ones included (erasure, merges): a query on
     * {@code profileId}, indexed on real MongoDB. Events never need it: they read a profile's live instances only
     * ({@link ProfileCache}).
     */
    List<String> idsOfProfile(String profileId);

    /** Every instance of a journey (the one-time pass that starts the statistics counters). */
    java.util.stream.Stream<JourneyInstance> forJourney(String journeyId);

    /** Erasure: drops the outbox and every personal field (profile id, trigger properties, variables). */
    void scrub(String instanceId);
}
