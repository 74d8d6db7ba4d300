package io.omnijourney.journey.app;

import io.omnijourney.journey.domain.JourneyInstance;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Journey instances, their timers (fields of the instance) and their outboxes. One document per instance. */
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
     */
    record InstanceWrite(JourneyInstance instance, long expectedRevision, List<OutboxMessage> outbox) {
        public InstanceWrite {
            outbox = List.copyOf(outbox);
        }
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

    /** Every instance of a journey, for statistics. */
    java.util.stream.Stream<JourneyInstance> forJourney(String journeyId);

    /** Erasure: drops the outbox and every personal field (profile id, trigger properties, variables). */
    void scrub(String instanceId);
}
