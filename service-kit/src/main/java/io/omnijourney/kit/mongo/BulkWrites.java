package io.omnijourney.kit.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.WriteModel;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The one way a service runs an unordered bulk write and reads its outcome. A {@link MongoBulkWriteException} carries
 * two kinds of failure that mean different things, and hand-written checks kept looking at only one of them:
 * <ul>
 *   <li>write errors, per operation: a duplicate key (11000) is often an answer the caller expects (the document is
 *       already there), anything else is a failure of that write;</li>
 *   <li>a write-concern error, for the whole batch: the writes were applied on the primary but not confirmed by the
 *       majority (a step-down or a replication timeout while waiting), so they may be rolled back. Never success:
 *       thrown as {@link UnconfirmedWriteException}, an outage the unit of work is retried after, so no offset is
 *       committed for writes that may vanish.</li>
 * </ul>
 * A write-concern error wins over write errors: nothing in such a batch counts as durable.
 */
public final class BulkWrites {

    private BulkWrites() {
    }

    /**
     * Runs {@code models} as one unordered bulk write where a duplicate key is an expected answer.
     *
     * @return the acknowledged result and the indexes (in {@code models}) of the writes refused as duplicates
     * @throws MongoBulkWriteException if a write failed with anything but a duplicate key
     * @throws UnconfirmedWriteException if the majority did not confirm the batch
     */
    public static <T> BulkOutcome writeAllowingDuplicates(MongoCollection<T> collection,
            List<? extends WriteModel<? extends T>> models) {
        return run(() -> collection.bulkWrite(models, new BulkWriteOptions().ordered(false)));
    }

    /**
     * Runs {@code models} as one unordered bulk write where every write error is a failure.
     *
     * @return the acknowledged result (matched, modified, inserted, upserted counts)
     * @throws MongoBulkWriteException if any write failed, duplicate keys included
     * @throws UnconfirmedWriteException if the majority did not confirm the batch
     */
    public static <T> BulkWriteResult write(MongoCollection<T> collection,
            List<? extends WriteModel<? extends T>> models) {
        return run(() -> collection.bulkWrite(models, new BulkWriteOptions().ordered(false)), false).result();
    }

    /**
     * Inserts {@code documents} unordered where an existing key is an expected answer (the document is already
     * stored).
     *
     * @return the indexes (in {@code documents}) of the documents refused as duplicates
     * @throws MongoBulkWriteException if an insert failed with anything but a duplicate key
     * @throws UnconfirmedWriteException if the majority did not confirm the batch
     */
    public static <T> Set<Integer> insertAllowingDuplicates(MongoCollection<T> collection,
            List<? extends T> documents) {
        if (documents.isEmpty()) {
            return Set.of();
        }
        return run(() -> {
            collection.insertMany(documents, new InsertManyOptions().ordered(false));
            return null;
        }).duplicates();
    }

    /** Runs a bulk write (or {@code insertMany}) and classifies its failure, duplicates being expected. */
    public static BulkOutcome run(Supplier<BulkWriteResult> bulkWrite) {
        return run(bulkWrite, true);
    }

    private static BulkOutcome run(Supplier<BulkWriteResult> bulkWrite, boolean duplicatesExpected) {
        try {
            return new BulkOutcome(bulkWrite.get(), Set.of());
        } catch (MongoBulkWriteException e) {
            return classify(e, duplicatesExpected);
        }
    }

    /**
     * What a failed bulk write means for its caller.
     *
     * @param duplicatesExpected true if a duplicate key is an answer, false if it is a failure like any other
     * @return the partial result and the duplicates, when duplicates are the only errors
     * @throws UnconfirmedWriteException if {@code failure} carries a write-concern error
     * @throws MongoBulkWriteException ({@code failure} itself) if a write error is not an expected duplicate
     */
    public static BulkOutcome classify(MongoBulkWriteException failure, boolean duplicatesExpected) {
        if (failure.getWriteConcernError() != null) {
            throw new UnconfirmedWriteException(failure);
        }
        Set<Integer> duplicates = new TreeSet<>();
        for (BulkWriteError error : failure.getWriteErrors()) {
            if (!duplicatesExpected || ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                throw failure;
            }
            duplicates.add(error.getIndex());
        }
        return new BulkOutcome(failure.getWriteResult(), Set.copyOf(duplicates));
    }
}
