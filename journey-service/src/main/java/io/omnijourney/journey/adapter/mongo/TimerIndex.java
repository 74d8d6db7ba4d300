package io.omnijourney.journey.adapter.mongo;

import io.omnijourney.journey.app.InstanceStore.InstanceWrite;
import io.omnijourney.journey.app.StoredInstance;
import io.omnijourney.journey.domain.JourneyInstance;
import java.time.Instant;
import java.util.List;
import org.bson.Document;

/**
 * How {@link MongoInstanceStore} finds due timers and stale outboxes without reading every instance ever started,
 * and what its instance writes owe for that. {@link LocalServerWorkarounds#timerIndex} picks one of two:
 * {@link HintedTimers} (the {@code hints} collection, for the local wire-protocol server, which ignores partial
 * indexes) or {@link IndexedTimers} (partial indexes on {@code instances}, for real MongoDB: no writes of its own).
 * Either way the instance is the source of truth and a claim is a write conditional on the revision read
 * ({@link TimerClaims}).
 */
interface TimerIndex {

    /** Before the instance writes are sent; what it returns is handed to {@link #landed}. */
    List<String> beforeWrites(List<InstanceWrite> writes);

    /** After every one of {@code writes} landed. */
    void landed(List<InstanceWrite> writes, List<String> announced);

    /** Before a bulk insert of new instances without outbox (benchmarks and data loading). */
    void beforeInsertAll(List<JourneyInstance> batch);

    /** After the outbox written at {@code revision} was published and emptied at that revision. */
    void outboxEmptied(String instanceId, long revision);

    /**
     * One claim round: claims (through {@link TimerClaims}) up to {@code limit} due, unleased timers, adding each
     * instance claimed, as claimed, to {@code claimed} as soon as its claim landed.
     */
    void claimRound(Instant now, String owner, Instant leaseUntil, int limit, List<Document> claimed);

    /** Instances whose outbox still holds messages last appended to before {@code before}, at most {@code limit}. */
    List<StoredInstance> withStaleOutbox(Instant before, int limit);

    /** Writes the bookkeeping deferred so far (see {@link io.omnijourney.journey.app.InstanceStore#settle}). */
    void settle();
}
